"""`make revision`: an offline, printable revision guide -> build/revision/index.html.

- `index.html`: the chapters, and the glossary (tools/revision_site/glossary.toml: each term with
  its definition, its formula and links to the sections that teach it) with a search box;
- `NN_*.html`, one per chapter: key formulas (equations, not parameter settings), every
  **Takeaway**, every exam question and textbook exercise with its worked solution folded
  (<details>); each item links to its section of the rendered chapter;
- `notebooks/NN_*.html`: the whole chapter rendered by nbconvert (lab template, outputs included);
- `assets/`: MathJax 3 (`tex-svg-full.js` of the npm package `mathjax`, pinned by
  tools/revision_site/package-lock.json) renders the math with no font or network request, plus
  CSS/JS.

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
import tomllib
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
GLOSSARY = SITE / "glossary.toml"

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$|\\begin\{(equation|align|gather)\*?\}.*?\\end\{\2\*?\}",
                          re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)((?:\\.|[^$\\])+?)\$")
TAKEAWAY = re.compile(r"^\s*\*\*Takeaway(?::\*\*|\*\*\s*:)\s*", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*$(`\"])|\n(?=\s*(?:[-*+]|\d+\.)\s)")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def md(text: str) -> str:
    """Markdown to HTML, math left intact for MathJax (nbconvert's own renderer)."""
    return markdown2html_mistune(text)


def inline(text: str) -> str:
    """One line of markdown to HTML without its paragraph (a term, a heading), math left intact."""
    line = re.sub(r"^(\d+)\.", r"\1\\.", " ".join(text.split()))  # `5. The dual...` is no list
    return md(line).strip().removeprefix("<p>").removesuffix("</p>")


def plain(text: str) -> str:
    """Markdown/TeX to searchable plain text."""
    text = CODE_SPAN.sub(lambda m: m.group(2), text)
    text = re.sub(r"\\(?:text|mathrm|mathbf|operatorname|boldsymbol|mathcal)\{([^}]*)\}", r"\1",
                  text)
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
        anchor = f"#cell-id={self.anchor}" if self.anchor else ""
        return f"{prefix}notebooks/{self.chapter}.html{anchor}"


@dataclass
class ChapterGuide:
    stem: str
    title: str
    formulas: list[dict] = field(default_factory=list)
    takeaways: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def heading_label(h2: str, h3: str) -> str:
    return f"{plain(h2)} › {plain(h3)}" if h3 else plain(h2)


def render_output(output) -> str:
    """A solution cell's output as HTML: text, or an embedded PNG."""
    if output.output_type == "stream":
        return f'<pre class="output">{html.escape("".join(output.text))}</pre>'
    data = output.get("data", {})
    if "image/png" in data:
        png = "".join(data["image/png"]).strip()
        return f'<img class="output" alt="figure" src="data:image/png;base64,{png}">'
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
            code = highlight(exam.source(cell), PythonLexer(), HtmlFormatter(cssclass="code"))
            parts.append(code)
            parts += [render_output(o) for o in cell.get("outputs", [])]
    return "\n".join(p for p in parts if p)


def extract(chapter: exam.Chapter) -> ChapterGuide:
    """Formulas, takeaways and questions of one chapter."""
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
                    place = Place(chapter.stem, heading_label(h2, h3), anchor)
                    collect(guide, "\n".join(paragraph), place, seen_formulas)
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
    for q in chapter.questions:
        cells = chapter.nb.cells
        guide.questions.append({
            "label": q.label, "kind": q.kind, "topic": q.topic, "text": md(q.text),
            "solution": render_cells([cells[i] for i in q.solutions]),
            "place": Place(chapter.stem, f"{q.label} — {q.topic}",
                           cells[q.heading_index].get("id", "")),
        })
    if chapter.questions and not chapter.has_solutions:
        guide.notes.append("no cells tagged 'solution' yet: questions listed without worked "
                           "solutions")
    return guide


# A setting is not a formula: `\epsilon = 0.2`, `k = 5`, `\varepsilon=10^{-7}`,
# `\mathbf w = \mathbf 0`, or a list of them (`\eta = 0.1,\ n = 50`): every part assigns a number to
# a symbol (one letter, a command or a braced name such as `\text{max\_depth}`, with accents, sub-
# and superscripts). An equation stays: `\lambda_i = \sigma_i^2/(m-1)`, `G = 1 - (1/3)^2 = 4/9`,
# `\mathbf G\mathbf w = \mathbf 1` (a product of two letters is not one symbol).
SETTING_SPACE = re.compile(r"\\[,;:! ]|~|\\(?:q?quad|displaystyle|textstyle)\b"
                           r"|\\(?:left|right)(?=[.()\[\]|])")
SETTING_WRAPPER = re.compile(r"\\(?:hat|bar|tilde|vec|mathbf|boldsymbol|bm|mathit|mathrm|text"
                             r"|texttt|operatorname)\s*(?:\{([^{}]*)\}|(\\?[A-Za-z0-9]))")
SETTING_SYMBOL = re.compile(r"(?:[A-Za-z]|\\[A-Za-z]+|\{[^{}]*\})"
                            r"(?:'|[_^](?:\{[^{}]*\}|\\?[A-Za-z0-9]))*")
SETTING_NUMBER = re.compile(r"[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
                            r"(?:(?:\\times|\\cdot)10\^(?:\{[-+]?\d+\}|\d))?"
                            r"|10\^(?:\{[-+]?\d+\}|\d)|\\[dt]?frac\{\d+\}\{\d+\}|\d+/\d+)\\?%?")


def is_setting(latex: str) -> bool:
    """Whether a formula only sets parameters (`\\epsilon = 0.2`, `k = 5`): the key-formula list
    leaves it out."""
    body = latex.strip().strip("$").strip()
    body = SETTING_SPACE.sub(" ", body.replace("\\_", "_").replace("{,}", ""))
    for _ in range(3):  # \hat{\mathbf x} -> \mathbf x -> x
        body = SETTING_WRAPPER.sub(
            lambda m: f"{{{m.group(1)}}}" if m.group(1) is not None else m.group(2), body)
    body = re.sub(r"\s+", "", body).rstrip(".,;")
    parts = [p for p in re.split(r",|;|\\text\{and\}|\band\b", body) if p]
    for part in parts or [""]:
        sides = re.split(r"=|\\approx", part)
        if len(sides) != 2 or not SETTING_SYMBOL.fullmatch(sides[0]) \
                or not SETTING_NUMBER.fullmatch(sides[1]):
            return False
    return True


def collect(guide: ChapterGuide, text: str, place: Place, seen_formulas: set[str]) -> None:
    """Takeaways and key formulas of one paragraph of a teaching section."""
    if TAKEAWAY.match(text):
        guide.takeaways.append({"html": md(TAKEAWAY.sub("", text, count=1)), "place": place})
    scan = without_code(text)
    for m in DISPLAY_MATH.finditer(scan):
        latex = text[m.start(): m.end()]
        body = m.group(1) if m.group(1) is not None else latex
        key = re.sub(r"\s+", "", body)
        if key not in seen_formulas and not is_setting(body):
            seen_formulas.add(key)
            before = text[: m.start()].strip()
            caption = sentence_around(before, len(before), len(before)) if before else ""
            guide.formulas.append({"latex": latex if m.group(1) is None else f"$${body.strip()}$$",
                                   "caption": md(caption) if caption else "", "place": place})
    display_free = DISPLAY_MATH.sub(lambda m: " " * len(m.group(0)), scan)
    for m in INLINE_MATH.finditer(display_free):
        body = m.group(1)
        key = re.sub(r"\s+", "", body)
        if "=" in body and len(key) >= 12 and key not in seen_formulas and not is_setting(body):
            seen_formulas.add(key)
            rest = text[: m.start()] + "…" + text[m.end():]  # the sentence; the formula above it
            caption = sentence_around(rest, m.start(), m.start() + 1)
            guide.formulas.append({"latex": f"$${body.strip()}$$", "caption": md(caption),
                                   "place": place})


GLOSSARY_FIELDS = {"term": str, "chapter": int, "section": str, "definition": str, "formula": str,
                   "see_also": list}
GLOSSARY_REQUIRED = ("term", "chapter", "section", "definition")


def load_glossary(path: Path = GLOSSARY) -> list[dict]:
    """The curated glossary: the `[[term]]` tables of a TOML file (its header: how to add one)."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    if set(data) - {"term"}:
        other = sorted(set(data) - {"term"})
        raise ValueError(f"{path}: only [[term]] tables expected, found {other}")
    return data.get("term", [])


def heading_key(text: str) -> str:
    """A heading as a glossary entry names it: its plain text, case-folded (markup and spacing
    do not count)."""
    return plain(text).casefold()


@dataclass
class Heading:
    """A `##`/`###` heading of a chapter: where the guide links to, and whether it teaches."""

    place: Place
    teaching: bool  # False from `## Exam practice` on


def chapter_headings(chapter: exam.Chapter) -> dict[str, list[Heading]]:
    """Every `##` and `###` heading of a chapter, by heading_key in notebook order, with the label
    and anchor (the heading cell's id) that extract() gives the sections."""
    found: dict[str, list[Heading]] = {}
    h2 = h3 = ""
    teaching = True
    for cell in chapter.nb.cells:
        if cell.cell_type != "markdown":
            continue
        for level, text in exam.headings(exam.source(cell)):
            if level == 2:
                h2, h3 = text, ""
                teaching = teaching and not exam.EXAM_SECTIONS.match(plain(text))
            elif level == 3:
                h3 = text
            else:
                continue
            found.setdefault(heading_key(text), []).append(
                Heading(Place(chapter.stem, heading_label(h2, h3), cell.get("id", "")), teaching))
    return found


def chapter_number(stem: str) -> int | None:
    """01 for `01_the_machine_learning_landscape`."""
    m = re.match(r"(\d+)_", stem)
    return int(m.group(1)) if m else None


def entry_problems(entry, label: str) -> list[str]:
    """What is wrong with one glossary entry on its own: fields, types, empty texts, unbalanced
    math."""
    if not isinstance(entry, dict):
        return [f"{label}: not a table"]
    problems = [f"{label}: no `{k}`" for k in GLOSSARY_REQUIRED if k not in entry]
    problems += [f"{label}: unknown field `{k}`" for k in entry if k not in GLOSSARY_FIELDS]
    problems += [f"{label}: `{k}` should be a {t.__name__}" for k, t in GLOSSARY_FIELDS.items()
                 if k in entry and not isinstance(entry[k], t)]
    if problems:
        return problems
    problems += [f"{label}: empty `{k}`" for k in ("term", "section", "definition")
                 if not entry[k].strip()]
    if without_code(entry["definition"]).count("$") % 2:
        problems.append(f"{label}: unbalanced `$` in the definition")
    formula = entry.get("formula", "")
    if "$" in formula or formula.count("{") != formula.count("}"):
        problems.append(f"{label}: the formula is LaTeX without `$` and with balanced braces")
    for other in entry.get("see_also", []):
        if not (isinstance(other, dict) and set(other) == {"chapter", "section"}
                and isinstance(other["chapter"], int) and isinstance(other["section"], str)):
            problems.append(f"{label}: each see_also is {{ chapter = N, section = \"heading\" }}, "
                            f"not {other!r}")
    return problems


def glossary(entries: list, chapters: list[exam.Chapter],
             known: set[int] | None = None) -> tuple[list[dict], list[str]]:
    """The glossary of the chapters built, sorted by term, and the problems found in its entries.

    Each term comes with its definition (HTML), its formula (LaTeX), its places (the section that
    defines it first, then the others) and its search text (term and definition). `known` holds the
    chapter numbers that have a notebook (default: notebooks/): a term or place of a known chapter
    that is not being built (`make revision NB=...`) is left out; one of an unknown chapter, or a
    heading the chapter lacks, is a problem (the term is still listed, linked to its chapter's top).
    """
    built = {chapter_number(c.stem): c for c in chapters}
    if known is None:
        known = {chapter_number(p.stem) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    known = known | set(built)
    headings = {n: chapter_headings(c) for n, c in built.items()}
    problems: list[str] = []
    seen: dict[str, str] = {}
    terms = []
    for i, entry in enumerate(entries):
        named = isinstance(entry, dict) and "term" in entry
        label = f"entry {i + 1}" + (f" ({entry['term']!r})" if named else "")
        found = entry_problems(entry, label)
        problems += found
        if found:
            continue
        name = plain(entry["term"])
        if name.casefold() in seen:
            problems.append(f"{label}: the term appears twice (also {seen[name.casefold()]})")
            continue
        seen[name.casefold()] = label
        places = []
        for k, where in enumerate([entry, *entry.get("see_also", [])]):
            number, section = where["chapter"], where["section"]
            if number not in known:
                problems.append(f"{label}: no chapter {number:02d} in notebooks/")
                continue
            if number not in built:
                continue
            candidates = headings[number].get(heading_key(section), [])
            if not candidates:
                problems.append(f"{label}: chapter {number:02d} has no heading '{section}'")
                place = Place(built[number].stem, plain(section), "")  # the chapter's top
            else:
                if len(candidates) > 1:
                    problems.append(f"{label}: chapter {number:02d} has {len(candidates)} "
                                    f"headings '{section}'")
                if k == 0 and not candidates[0].teaching:
                    problems.append(f"{label}: '{section}' is not a teaching section "
                                    "(exam practice, exercises)")
                place = candidates[0].place
            if any((p["place"].chapter, p["place"].anchor) == (place.chapter, place.anchor)
                   for p in places):
                problems.append(f"{label}: chapter {number:02d} '{section}' is listed twice")
                continue
            places.append({"place": place, "heading": plain(section),
                           "heading_html": inline(section), "chapter": f"Ch. {number:02d}",
                           "chapter_title": plain(built[number].title)})
        if not places or entry["chapter"] not in built:
            continue  # its defining chapter is not built (or unknown)
        terms.append({
            "term": name,
            "term_html": inline(entry["term"]),
            "definition": md(entry["definition"]), "formula": entry.get("formula", "").strip(),
            "places": places, "search": f"{name} {plain(entry['definition'])}".lower(),
        })
    terms.sort(key=lambda t: re.sub(r"[^a-z0-9 ]", "", t["term"].lower()))
    slugs: set[str] = set()
    for t in terms:
        slug = re.sub(r"[^a-z0-9]+", "-", t["term"].lower()).strip("-") or "term"
        while slug in slugs:
            slug += "-"
        slugs.add(slug)
        t["id"] = f"term-{slug}"
    return terms, problems


def ensure_mathjax(npm_dir: Path = NPM_DIR) -> Path:
    """The pinned MathJax (npm `mathjax`, package-lock.json), installed with `npm ci` into build/npm
    once."""
    target = npm_dir / MATHJAX_FILE
    lock = SITE / "package-lock.json"
    stamp = npm_dir / ".lock-sha"
    if target.exists() and stamp.exists() and stamp.read_text() == lock.read_text():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make revision needs npm (Node.js) once, to install the pinned offline "
                         "MathJax: sudo apt-get install npm (Debian/Ubuntu) or see https://nodejs.org")
    npm_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(SITE / name, npm_dir / name)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=npm_dir, check=True)
    stamp.write_text(lock.read_text())
    return target


def render_notebook(path: Path, out: Path) -> None:
    """The whole chapter as HTML with nbconvert (lab template, no CDN scripts, local MathJax)."""
    exporter = HTMLExporter(template_name="course",
                            extra_template_basedirs=[str(SITE / "templates")])
    nb = nbformat.read(path, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"asset_prefix": "../assets/"})
    out.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "revision")
    parser.add_argument("--glossary", type=Path, default=GLOSSARY,
                        help="the glossary's terms (TOML)")
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
    guides, chapters = [], []
    for path in paths:
        chapter = exam.parse(path)
        chapters.append(chapter)
        guide = extract(chapter)
        guides.append(guide)
        render_notebook(path, out / "notebooks" / f"{chapter.stem}.html")
        page = env.get_template("chapter.html.j2").render(guide=guide,
                                                          source=f"notebooks/{path.name}")
        (out / f"{chapter.stem}.html").write_text(page, encoding="utf-8")
        n_q = sum(q["kind"] == "Question" for q in guide.questions)
        print(f"{path.name}: {len(guide.formulas)} formulas, {len(guide.takeaways)} takeaways, "
              f"{n_q} questions, {len(guide.questions) - n_q} exercises")
        for note in guide.notes:
            print(f"  note: {note}")
    terms, problems = glossary(load_glossary(args.glossary), chapters)
    for problem in problems:
        print(f"  glossary ({args.glossary.name}): {problem}")
    index = env.get_template("index.html.j2").render(guides=guides, terms=terms)
    (out / "index.html").write_text(index, encoding="utf-8")
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
    print(f"revision: {summary['chapters']} chapter(s), {summary['formulas']} formulas, "
          f"{summary['takeaways']} takeaways, {summary['questions']} questions, "
          f"{summary['exercises']} exercises, {summary['glossary_terms']} glossary terms -> "
          f"{shown}/index.html ({time.time() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
