"""`make revision`: an offline, printable revision guide built from the notebooks -> build/revision/index.html.

- `index.html`: the chapters, and a glossary (bold terms and section headings, with the chapter and section
  that teach them) with a client-side search box;
- `NN_*.html`, one per chapter: key formulas, every **Takeaway**, every exam question and textbook exercise with
  its worked solution folded (<details>); each item links to its section of the rendered chapter;
- `notebooks/NN_*.html`: the whole chapter rendered by nbconvert (lab template, outputs included);
- `assets/`: MathJax 3 (`tex-svg-full.js` of the npm package `mathjax`, pinned by
  tools/revision_site/package-lock.json) renders the math with no font or network request, plus CSS/JS.

Nothing is fetched at view time: open build/revision/index.html from disk.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import exam
import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(__file__).resolve().parent / "revision_site"
NPM_DIR = ROOT / "build" / "npm"
MATHJAX_FILE = Path("node_modules") / "mathjax" / "es5" / "tex-svg-full.js"

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$|\\begin\{(equation|align|gather)\*?\}.*?\\end\{\2\*?\}", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)((?:\\.|[^$\\])+?)\$")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
TAKEAWAY = re.compile(r"^\s*\*\*Takeaway(?::\*\*|\*\*\s*:)\s*", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*$(`\"])|\n(?=\s*(?:[-*+]|\d+\.)\s)")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
NOT_A_TERM_START = {
    "a", "an", "all", "always", "and", "are", "as", "at", "be", "by", "can", "cannot", "do", "does", "each", "every",
    "for", "from", "how", "if", "in", "is", "it", "its", "lowest", "highest", "more", "less", "most", "must",
    "never", "no", "not", "of", "on", "only", "or", "should", "so", "that", "this", "to", "what", "when",
    "where", "which", "why", "will", "with", "without", "you", "your",
}
NOT_A_TERM = {"takeaway", "your answer", "note", "check", "warning", "answer", "solution", "question", "why", "how"}


def md(text: str) -> str:
    """Markdown to HTML, math left intact for MathJax (nbconvert's own renderer)."""
    return markdown2html_mistune(text)


def plain(text: str) -> str:
    """Markdown/TeX to searchable plain text."""
    text = CODE_SPAN.sub(lambda m: m.group(2), text)
    text = re.sub(r"\\(?:text|mathrm|mathbf|operatorname|boldsymbol|mathcal)\{([^}]*)\}", r"\1", text)
    text = re.sub(r"[*_$`\\{}]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def without_code(text: str) -> str:
    """The text with code spans blanked (same length), so `$` inside code is not read as math."""
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def sentence_around(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence of `text` that holds text[start:end], at most `limit` characters."""
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    lo = max(b for b in bounds if b <= start)
    hi = min((b for b in bounds if b >= end), default=len(text))
    sentence = LIST_MARKER.sub("", text[lo:hi].strip())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    delimiters = list(re.finditer(r"(?<!\\)\$\$?", cut))   # `$$` opens one display formula, not two
    if len(delimiters) % 2:  # never leave a formula half cut
        cut = cut[: delimiters[-1].start()].rstrip()
    for mark in ("**", "`"):
        if cut.count(mark) % 2:
            cut += mark
    return cut + " …"


@dataclass
class Place:
    """Where something is taught: chapter, section and the cell id of that section's heading."""

    chapter: str  # stem
    section: str
    anchor: str  # cell id

    def href(self, prefix: str = "") -> str:
        return f"{prefix}notebooks/{self.chapter}.html" + (f"#cell-id={self.anchor}" if self.anchor else "")


@dataclass
class ChapterGuide:
    stem: str
    title: str
    formulas: list[dict] = field(default_factory=list)
    takeaways: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def heading_label(h2: str, h3: str) -> str:
    return f"{plain(h2)} › {plain(h3)}" if h3 else plain(h2)


def is_term(term: str) -> bool:
    """A bold phrase that names a concept (not an emphasised clause or a label)."""
    text = plain(term)
    words = text.split()
    return (
        0 < len(words) <= 5 and 2 <= len(text) <= 60 and not text.endswith((":", ".", "?", "!", ","))
        and words[0].lower() not in NOT_A_TERM_START and text.lower() not in NOT_A_TERM
        and re.search(r"[A-Za-z]", text) is not None and not words[0].isdigit()
    )


def render_output(output) -> str:
    """A solution cell's output as HTML: text, or an embedded PNG."""
    if output.output_type == "stream":
        return f'<pre class="output">{html.escape("".join(output.text))}</pre>'
    data = output.get("data", {})
    if "image/png" in data:
        return f'<img class="output" alt="figure" src="data:image/png;base64,{"".join(data["image/png"]).strip()}">'
    if "text/plain" in data:
        return f'<pre class="output">{html.escape("".join(data["text/plain"]))}</pre>'
    return ""


def render_cells(cells) -> str:
    """Solution cells as HTML: markdown rendered, code highlighted, outputs kept."""
    parts = []
    for cell in cells:
        if cell.cell_type == "markdown":
            parts.append(md(exam.source(cell)))
        elif cell.cell_type == "code":
            parts.append(highlight(exam.source(cell), PythonLexer(), HtmlFormatter(cssclass="code")))
            parts += [render_output(o) for o in cell.get("outputs", [])]
    return "\n".join(p for p in parts if p)


def extract(chapter: exam.Chapter) -> ChapterGuide:
    """Formulas, takeaways, glossary terms and questions of one chapter."""
    guide = ChapterGuide(chapter.stem, plain(chapter.title))
    h2 = h3 = anchor = ""
    teaching = True  # False from `## Exam practice` on
    seen_formulas: set[str] = set()
    for cell in chapter.nb.cells:
        if cell.cell_type != "markdown":
            continue
        src = exam.source(cell)
        paragraph: list[str] = []
        fenced = False
        for line in [*src.splitlines(), ""]:
            if exam.FENCE.match(line):
                fenced = not fenced
            heading = None if fenced else exam.HEADING.match(line)
            if heading or not line.strip():
                if paragraph and teaching:
                    collect(guide, "\n".join(paragraph), Place(chapter.stem, heading_label(h2, h3), anchor),
                            seen_formulas)
                paragraph = []
            else:
                paragraph.append(line)
            if heading:
                level, text = len(heading.group(1)), heading.group(2)
                if level == 2:
                    h2, h3, anchor = text, "", cell.get("id", "")
                    teaching = teaching and not exam.EXAM_SECTIONS.match(plain(text))
                elif level == 3:
                    h3, anchor = text, cell.get("id", "")
                if teaching and level in (2, 3) and not exam.QUESTION.match(line):
                    term = re.sub(r"^\d+(\.\d+)*\.?\s+", "", text)
                    guide.terms.append({"term": term, "context": "", "kind": "section",
                                        "place": Place(chapter.stem, heading_label(h2, h3), anchor)})
    for q in chapter.questions:
        cells = chapter.nb.cells
        guide.questions.append({
            "label": q.label, "kind": q.kind, "topic": q.topic, "text": md(q.text),
            "solution": render_cells([cells[i] for i in q.solutions]),
            "place": Place(chapter.stem, f"{q.label} — {q.topic}", cells[q.heading_index].get("id", "")),
        })
    if chapter.questions and not chapter.has_solutions:
        guide.notes.append("no cells tagged 'solution' yet: questions listed without worked solutions")
    return guide


def collect(guide: ChapterGuide, text: str, place: Place, seen_formulas: set[str]) -> None:
    """Takeaways, key formulas and bold terms of one paragraph of a teaching section."""
    if TAKEAWAY.match(text):
        guide.takeaways.append({"html": md(TAKEAWAY.sub("", text, count=1)), "place": place})
    scan = without_code(text)
    for m in DISPLAY_MATH.finditer(scan):
        latex = text[m.start(): m.end()]
        body = m.group(1) if m.group(1) is not None else latex
        key = re.sub(r"\s+", "", body)
        if key not in seen_formulas:
            seen_formulas.add(key)
            before = text[: m.start()].strip()
            caption = sentence_around(before, len(before), len(before)) if before else ""
            guide.formulas.append({"latex": latex if m.group(1) is None else f"$${body.strip()}$$",
                                   "caption": md(caption) if caption else "", "place": place})
    display_free = DISPLAY_MATH.sub(lambda m: " " * len(m.group(0)), scan)
    for m in INLINE_MATH.finditer(display_free):
        body = m.group(1)
        key = re.sub(r"\s+", "", body)
        if "=" in body and len(key) >= 12 and key not in seen_formulas:
            seen_formulas.add(key)
            rest = text[: m.start()] + "…" + text[m.end():]  # the sentence, the formula itself shown above it
            caption = sentence_around(rest, m.start(), m.start() + 1)
            guide.formulas.append({"latex": f"$${body.strip()}$$", "caption": md(caption), "place": place})
    for m in BOLD.finditer(scan):
        term = text[m.start(1): m.end(1)]
        if is_term(term):
            guide.terms.append({"term": term, "context": md(sentence_around(text, m.start(), m.end())),
                                "kind": "bold", "place": place})


def glossary(guides: list[ChapterGuide]) -> list[dict]:
    """One entry per term (case-insensitive): where it is first taught, and where else it appears."""
    entries: dict[str, dict] = {}
    for guide in guides:
        for t in guide.terms:
            key = plain(t["term"]).lower().rstrip("s")
            entry = entries.get(key)
            if entry is None:
                entries[key] = {**t, "chapter_title": guide.title, "term_html": md(t["term"]).strip()
                                .removeprefix("<p>").removesuffix("</p>"), "also": []}
            elif t["place"].chapter != entry["place"].chapter or (not entry["context"] and t["context"]):
                if not entry["context"] and t["context"] and t["place"].chapter == entry["place"].chapter:
                    entry["context"] = t["context"]
                elif all(a["place"].chapter != t["place"].chapter for a in entry["also"]) \
                        and t["place"].chapter != entry["place"].chapter:
                    entry["also"].append({**t, "chapter_title": guide.title})
    ordered = sorted(entries.values(), key=lambda e: re.sub(r"[^a-z0-9 ]", "", plain(e["term"]).lower()))
    for e in ordered:
        e["search"] = " ".join([plain(e["term"]), plain(html.unescape(re.sub(r"<[^>]+>", " ", e["context"]))),
                                e["chapter_title"], e["place"].section]).lower()
    return ordered


def ensure_mathjax(npm_dir: Path = NPM_DIR) -> Path:
    """The pinned MathJax (npm `mathjax`, package-lock.json), installed with `npm ci` into build/npm once."""
    target = npm_dir / MATHJAX_FILE
    lock = SITE / "package-lock.json"
    stamp = npm_dir / ".lock-sha"
    if target.exists() and stamp.exists() and stamp.read_text() == lock.read_text():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make revision needs npm (Node.js) once, to install the pinned offline MathJax: "
                         "sudo apt-get install npm (Debian/Ubuntu) or see https://nodejs.org")
    npm_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(SITE / name, npm_dir / name)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=npm_dir, check=True)
    stamp.write_text(lock.read_text())
    return target


def render_notebook(path: Path, out: Path) -> None:
    """The whole chapter as HTML with nbconvert (lab template without CDN scripts, local MathJax)."""
    exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(SITE / "templates")])
    nb = nbformat.read(path, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"asset_prefix": "../assets/"})
    out.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "revision")
    args = parser.parse_args(argv)
    start = time.time()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    mathjax = ensure_mathjax()
    out = args.out
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "notebooks").mkdir(exist_ok=True)
    shutil.copy(mathjax, out / "assets" / mathjax.name)
    shutil.copy(SITE / "guide.css", out / "assets" / "guide.css")
    shutil.copy(SITE / "guide.js", out / "assets" / "guide.js")
    (out / "assets" / "code.css").write_text(HtmlFormatter(cssclass="code").get_style_defs(".code"))
    loader = jinja2.FileSystemLoader([SITE / "templates" / "guide", SITE / "templates" / "course"])
    env = jinja2.Environment(loader=loader, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    guides = []
    for path in paths:
        chapter = exam.parse(path)
        guide = extract(chapter)
        guides.append(guide)
        render_notebook(path, out / "notebooks" / f"{chapter.stem}.html")
        (out / f"{chapter.stem}.html").write_text(
            env.get_template("chapter.html.j2").render(guide=guide, source=f"notebooks/{path.name}"), encoding="utf-8")
        n_q = sum(q["kind"] == "Question" for q in guide.questions)
        print(f"{path.name}: {len(guide.formulas)} formulas, {len(guide.takeaways)} takeaways, {n_q} questions, "
              f"{len(guide.questions) - n_q} exercises")
        for note in guide.notes:
            print(f"  note: {note}")
    terms = glossary(guides)
    (out / "index.html").write_text(env.get_template("index.html.j2").render(guides=guides, terms=terms),
                                    encoding="utf-8")
    summary = {
        "chapters": len(guides),
        "formulas": sum(len(g.formulas) for g in guides),
        "takeaways": sum(len(g.takeaways) for g in guides),
        "questions": sum(q["kind"] == "Question" for g in guides for q in g.questions),
        "exercises": sum(q["kind"] == "Exercise" for g in guides for q in g.questions),
        "glossary_terms": len(terms),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"revision: {summary['chapters']} chapter(s), {summary['formulas']} formulas, {summary['takeaways']} "
          f"takeaways, {summary['questions']} questions, {summary['exercises']} exercises, "
          f"{summary['glossary_terms']} glossary terms -> {shown}/index.html ({time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
