// Revision guide: glossary search and fold/unfold buttons. Runs from disk, no server, no network.
document.addEventListener("DOMContentLoaded", () => {
  // Glossary: a term is shown when every word typed occurs in its name or its definition (data-search);
  // terms whose name holds every word (data-term) come first, each group in alphabetical order.
  const box = document.getElementById("glossary-search");
  if (box) {
    const list = document.getElementById("glossary");
    const items = Array.from(list.children);
    const count = document.getElementById("glossary-count");
    const update = () => {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      const byName = [], byDefinition = [];
      for (const li of items) {
        const name = words.every((w) => li.dataset.term.includes(w));
        const match = name || words.every((w) => li.dataset.search.includes(w));
        li.hidden = !match;
        (name ? byName : byDefinition).push(li);
      }
      list.append(...byName, ...byDefinition);
      const shown = items.length - items.filter((li) => li.hidden).length;
      count.textContent = words.length ? `${shown} of ${items.length} terms` : `${items.length} terms`;
    };
    box.addEventListener("input", update);
    update();
  }
  for (const button of document.querySelectorAll("[data-fold]")) {
    button.addEventListener("click", () => {
      const open = button.dataset.fold === "open";
      document.querySelectorAll("details").forEach((d) => { d.open = open; });
    });
  }
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
