// Revision guide: glossary search and fold/unfold buttons. Runs from disk, no server, no network.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("glossary-search");
  if (box) {
    const items = Array.from(document.querySelectorAll("#glossary > li"));
    const count = document.getElementById("glossary-count");
    const update = () => {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const li of items) {
        const match = words.every((w) => li.dataset.search.includes(w));
        li.hidden = !match;
        shown += match ? 1 : 0;
      }
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
