"""`make revision`: the offline revision guide (tools/revision.py).

The fast tests build the guide of the fixture chapter (tests/fixtures/00_practice_fixture.ipynb,
with a glossary of its own) and read the HTML; they check the glossary data
(tools/revision_site/glossary.toml) against the chapters, glossary()'s reports of bad entries, and
which formulas the key-formula list keeps. The browser tests (marker `browser`;
`pytest -m browser tests/test_revision.py`) build the guide of every chapter into build/revision/,
open it in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) with every non-file
request blocked and recorded, check the math, the glossary search and that no formula makes a page
wider than the window, and save a screenshot to build/revision-screenshot.png.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import exam
import pytest
import revision

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "00_practice_fixture.ipynb"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = ROOT / "build" / "revision-screenshot.png"
NETWORK_REF = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
                         r"|@import", re.I)

needs_npm = pytest.mark.skipif(
    shutil.which("npm") is None and not (revision.NPM_DIR / revision.MATHJAX_FILE).exists(),
    reason="the offline MathJax is installed with npm (apt-get install npm)")


# A glossary for the fixture chapter (number 00), in the format of glossary.toml.
FIXTURE_GLOSSARY = r"""
[[term]]
term = "mean"
chapter = 0
section = '1. Means and spreads'
definition = 'The sum of the $n$ numbers divided by $n$: it locates them.'
formula = '\bar x = \frac{1}{n}\sum_{i=1}^{n} x_i'

[[term]]
term = "standard deviation"
chapter = 0
section = '1. Means and spreads'
definition = 'Measures the spread of the numbers around their mean.'
formula = 's = \sqrt{\frac{1}{n}\sum_i (x_i - \bar x)^2}'

[[term]]
term = "median"
chapter = 0
section = 'The median'
definition = '''
The middle value of the sorted numbers; half the data lie on each side, so it resists
outliers.'''
see_also = [{ chapter = 0, section = '1. Means and spreads' }]
"""


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    """The guide of the fixture chapter, with the fixture glossary."""
    out = tmp_path_factory.mktemp("revision")
    glossary = out.parent / "fixture_glossary.toml"
    glossary.write_text(FIXTURE_GLOSSARY)
    assert revision.main([str(FIXTURE), "--out", str(out), "--glossary", str(glossary)]) == 0
    return out


@needs_npm
def test_chapter_page_has_formulas_takeaways_and_folded_solutions(guide):
    page = (guide / "00_practice_fixture.html").read_text()
    assert page.count('class="formula"') == 2 and r"\bar x = \frac{1}{n}" in page
    assert "the median resists outliers" in page
    for label in ("Question 1", "Question 2", "Question 3", "Exercise 1", "Exercise 2"):
        assert f"<h3>{label} — " in page
    assert page.count("<details><summary>Worked solution</summary>") == 5
    assert "q1_answer" in page and "The mean adds every value" in page  # code, model answer: folded


@needs_npm
def test_links_lead_to_sections_of_the_rendered_notebook(guide):
    page = (guide / "00_practice_fixture.html").read_text()
    notebook = (guide / "notebooks" / "00_practice_fixture.html").read_text()
    anchors = set(re.findall(r'href="notebooks/00_practice_fixture\.html#(cell-id=[^"]+)"', page))
    assert len(anchors) >= 3
    for anchor in anchors:
        assert f'id="{anchor}"' in notebook


@needs_npm
def test_index_has_the_glossary_terms_with_their_definitions(guide):
    index = (guide / "index.html").read_text()
    items = re.findall(r'<li id="(term-[^"]+)" data-term="([^"]*)" data-search="([^"]*)">'
                       r'<span class="term">(.*?)</span>\s*<div class="definition">(.*?)</div>',
                       index, re.S)
    assert [name for _, _, _, name, _ in items] == ["mean", "median", "standard deviation"]
    by_name = {name: (anchor, search, text) for anchor, _, search, name, text in items}
    anchor, search, definition = by_name["median"]
    assert anchor == "term-median" and "middle value of the sorted numbers" in definition
    assert "middle value" in search and "outliers" in search  # searchable by its definition's words
    formula = r"$$s = \sqrt{\frac{1}{n}\sum_i (x_i - \bar x)^2}$$"
    assert formula in html.unescape(index)
    assert '<span id="glossary-count">3 terms</span>' in index
    assert 'href="../practice/"' in index and 'href="../exam/"' in index  # the practice tools
    notebook = (guide / "notebooks" / "00_practice_fixture.html").read_text()
    item = index[index.index('id="term-median"'):index.index('id="term-standard-deviation"')]
    links = re.findall(r'href="notebooks/00_practice_fixture\.html#(cell-id=[^"]+)"', item)
    assert len(links) == 2 and len(set(links)) == 2  # its section, then the one it is also used in
    for anchor in links:
        assert f'id="{anchor}"' in notebook


@needs_npm
def test_guide_references_nothing_online(guide):
    for page in guide.rglob("*.html"):
        assert not NETWORK_REF.search(page.read_text()), f"{page.name} refers to something online"
    assert (guide / "assets" / "tex-svg-full.js").stat().st_size > 1_000_000


# --- the glossary data (tools/revision_site/glossary.toml) --------------------------------------


@pytest.fixture(scope="module")
def chapters():
    """Every chapter of notebooks/, parsed."""
    return [exam.parse(path) for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def section_order(chapter) -> list[str]:
    """The heading keys of a chapter's `##`/`###` headings, in notebook order."""
    return list(revision.chapter_headings(chapter))


def test_glossary_file_parses_into_one_valid_entry_per_term(chapters):
    entries = revision.load_glossary()
    assert 150 <= len(entries) <= 300, len(entries)
    terms, problems = revision.glossary(entries, chapters)
    assert problems == []  # every section exists and teaches (not exam practice); no term twice
    assert len(terms) == len(entries)
    names = [revision.plain(e["term"]).casefold() for e in entries]
    assert len(set(names)) == len(names)
    assert all(e["definition"].strip() and e["section"].strip() for e in entries)
    numbers = {revision.chapter_number(c.stem) for c in chapters}
    assert {e["chapter"] for e in entries} == numbers  # every chapter has terms


def test_glossary_file_is_ordered_by_chapter_then_section(chapters):
    order = {revision.chapter_number(c.stem): section_order(c) for c in chapters}
    keys = [(e["chapter"], order[e["chapter"]].index(revision.heading_key(e["section"])))
            for e in revision.load_glossary()]
    disorder = [(a, b) for a, b in zip(keys, keys[1:], strict=False) if b < a]
    assert disorder == []


def test_every_glossary_place_is_a_teaching_section(chapters):
    headings = {revision.chapter_number(c.stem): revision.chapter_headings(c) for c in chapters}
    for entry in revision.load_glossary():
        for where in [entry, *entry.get("see_also", [])]:
            found = headings[where["chapter"]][revision.heading_key(where["section"])]
            assert len(found) == 1 and found[0].teaching, (entry["term"], where["section"])
            assert found[0].place.anchor  # the heading cell has an id to link to


FIXTURE_CHAPTER = 0


def fixture_entry(**fields) -> dict:
    entry = {"term": "median", "chapter": FIXTURE_CHAPTER, "section": "The median",
             "definition": "The middle value of the sorted numbers."}
    return {**entry, **fields}


@pytest.fixture(scope="module")
def fixture_chapter():
    return exam.parse(FIXTURE)


def problems_of(entries, fixture_chapter) -> list[str]:
    return revision.glossary(entries, [fixture_chapter], known={FIXTURE_CHAPTER})[1]


def test_glossary_accepts_a_good_entry(fixture_chapter):
    see_also = [{"chapter": 0, "section": "1. Means and spreads"}]
    terms, problems = revision.glossary([fixture_entry(formula=r"\tilde x", see_also=see_also)],
                                        [fixture_chapter], known={FIXTURE_CHAPTER})
    assert problems == []
    (term,) = terms
    assert term["formula"] == r"\tilde x" and [p["heading"] for p in term["places"]] == [
        "The median", "1. Means and spreads"]
    assert term["search"] == "median the middle value of the sorted numbers."


@pytest.mark.parametrize(("entries", "expected"), [
    ([fixture_entry(section="The mode")], "chapter 00 has no heading 'The mode'"),
    ([fixture_entry(section="Exam practice")], "'Exam practice' is not a teaching section"),
    ([fixture_entry(section="Question 1 — a mean by hand")], "is not a teaching section"),
    ([fixture_entry(), fixture_entry(term="Median")], "the term appears twice"),
    ([fixture_entry(definition="  ")], "empty `definition`"),
    ([fixture_entry(definition=None)], "`definition` should be a str"),
    ([{"term": "median", "chapter": 0, "section": "The median"}], "no `definition`"),
    ([fixture_entry(chapter=12)], "no chapter 12 in notebooks/"),
    ([fixture_entry(see_also=[{"chapter": 0, "section": "The mean"}])],
     "has no heading 'The mean'"),
    ([fixture_entry(see_also=[{"chapter": 0}])], "each see_also is"),
    ([fixture_entry(formula="$x$")], "LaTeX without `$`"),
    ([fixture_entry(definition="costs $5")], "unbalanced `$`"),
    ([fixture_entry(colour="red")], "unknown field `colour`"),
])
def test_glossary_reports_a_bad_entry(fixture_chapter, entries, expected):
    problems = problems_of(entries, fixture_chapter)
    assert any(expected in problem for problem in problems), problems


def test_glossary_leaves_out_the_terms_of_chapters_not_built(fixture_chapter):
    entries = [fixture_entry(),
               fixture_entry(term="gradient descent", chapter=4, section="2. Gradient descent")]
    terms, problems = revision.glossary(entries, [fixture_chapter], known={FIXTURE_CHAPTER, 4})
    assert [t["term"] for t in terms] == ["median"] and problems == []


@needs_npm
def test_build_prints_glossary_problems_and_does_not_fail(tmp_path, capsys):
    bad = tmp_path / "glossary.toml"
    bad.write_text(FIXTURE_GLOSSARY + '\n[[term]]\nterm = "mode"\nchapter = 0\n'
                   'section = "The mode"\ndefinition = "The most frequent value."\n')
    out = tmp_path / "out"
    assert revision.main([str(FIXTURE), "--out", str(out), "--glossary", str(bad)]) == 0
    printed = capsys.readouterr().out
    problem = "glossary (glossary.toml): entry 4 ('mode'): chapter 00 has no heading 'The mode'"
    assert problem in printed
    assert "4 glossary terms" in printed  # all built: the faulty one links to its chapter's top


# --- key formulas: equations, not settings ------------------------------------------------------

@pytest.mark.parametrize("latex", [
    r"\epsilon = 0.2", "k = 5", r"\varepsilon=10^{-7}", r"\mathbf w = \mathbf 0",
    r"\eta = 0.1,\ n = 50", r"\alpha = 0.01", r"C = 100", r"\gamma=\frac{1}{2}",
    r"n_\text{epochs} = 30", r"\text{max\_depth} = 3", r"\beta_1 = 0.9,\quad \beta_2 = 0.999",
    r"\eta_0 = 5\times10^{-3}", r"p = 0.5.", r"$\lambda = 1$",
])
def test_is_setting_recognizes_a_parameter_setting(latex):
    assert revision.is_setting(latex)


@pytest.mark.parametrize("latex", [
    r"\lambda_i = \sigma_i^2/(m-1)", r"G = 1 - (1/3)^2 = 4/9", r"\mathbf G\mathbf w = \mathbf 1",
    r"\mathbf A\mathbf v = \lambda\mathbf v", r"x' = x - \mu", r"\alpha_t = 1-\beta_t",
    r"\sum_j\phi_j = 1", r"\lVert\mathbf u\rVert = 1", r"\hat y = \theta_0 + \theta_1 x",
    r"J = \frac{3}{7}\cdot\frac{4}{9}", r"\text{accuracy} = \frac{TP + TN}{TP + TN + FP + FN}",
    r"e^{i\pi} = -1 + 0", r"\sigma(0) = 0.5", r"200\cdot200\cdot3=120{,}000",
    r"W_\text{out} = \left\lfloor\frac{W - F + 2P}{S}\right\rfloor + 1",
])
def test_is_setting_keeps_an_equation(latex):
    assert not revision.is_setting(latex)


def test_key_formulas_drop_settings_and_keep_equations():
    guide = revision.ChapterGuide("00_x", "x")
    place = revision.Place("00_x", "s", "")
    text = ("With $\\epsilon = 0.2$ and $$k = 5$$ the rule is $$\\hat y = \\theta_0 + \\theta_1 x$$"
            " and $\\lambda_i = \\sigma_i^2/(m-1)$ holds.")
    revision.collect(guide, text, place, set())
    assert [f["latex"] for f in guide.formulas] == [r"$$\hat y = \theta_0 + \theta_1 x$$",
                                                   r"$$\lambda_i = \sigma_i^2/(m-1)$$"]


def test_sentences_around_a_term():
    text = "Intro. The **mean** is $\\bar x = \\frac{1}{n}\\sum_i x_i$ and more words follow here."
    start = text.index("**mean**")
    assert revision.sentence_around(text, start, start + 8).startswith("The **mean** is")
    cut = revision.sentence_around(text, start, start + 8, limit=30)
    assert cut.count("$") % 2 == 0 and cut.endswith("…")
    display = ("The **soft labels** are $$r_j = \\frac{\\phi_j p_j}{\\sum_l \\phi_l p_l}$$ for"
               " every component.")
    cut = revision.sentence_around(display, 4, 20, limit=40)  # the cut falls inside a $$...$$
    assert "$" not in cut and "\\frac" not in cut and cut.endswith("…")


# --- in a browser -------------------------------------------------------------------------------

RAW_MATH = r"""() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("pre, code, script, style, textarea, mjx-container")
    .forEach((e) => e.remove());
  const raw = /\$[^$\n]{1,200}\$|\\\(|\\\[|\\frac|\\begin\{/g;
  return (copy.textContent.match(raw) || []).slice(0, 5);
}"""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def full_guide():
    """The guide of every chapter, where `make revision` puts it."""
    out = ROOT / "build" / "revision"
    assert revision.main(["--out", str(out)]) == 0
    return out


def open_page(browser, path: Path, width: int = 1100):
    """Open a page with the network cut off; return (page, blocked requests, console errors)."""
    context = browser.new_context(viewport={"width": width, "height": 1400})
    blocked, errors = [], []
    context.route(re.compile(r"^(?!file:|data:|about:blank).*"),
                  lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-math=done]", timeout=60_000)
    return page, blocked, errors


@pytest.mark.browser
@needs_npm
def test_guide_in_chromium_offline_math_rendered_searchable(browser, full_guide):
    pages = [full_guide / "index.html", *sorted(full_guide.glob("[0-9][0-9]_*.html"))[:2],
             *sorted((full_guide / "notebooks").glob("*.html"))[:1]]
    for path in pages:
        page, blocked, errors = open_page(browser, path)
        assert blocked == [], f"{path.name}: network requests {blocked[:3]}"
        assert errors == [], f"{path.name}: console errors {errors[:3]}"
        assert page.evaluate(RAW_MATH) == [], f"{path.name}: raw TeX left"
        if path.name == "index.html":
            check_glossary(page)
        else:
            details = page.locator("details")
            if details.count():
                assert not details.first.evaluate("d => d.open")  # folded
                page.click("[data-fold=open]")
                assert details.first.evaluate("d => d.open")
        page.context.close()
    assert SCREENSHOT.stat().st_size > 10_000


def check_glossary(page) -> None:
    """The glossary's formulas are rendered; a search matches names and definitions, names first."""
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    items = page.locator("#glossary > li")
    total = items.count()
    assert total == len(revision.load_glossary())
    with_formula = sum(1 for e in revision.load_glossary() if e.get("formula"))
    assert page.locator("#glossary .tex mjx-container").count() == with_formula > 0
    shown = "els => els.filter(e => !e.hidden).map(e => [e.dataset.term, e.dataset.search])"
    page.fill("#glossary-search", "gradient")
    visible = items.evaluate_all(shown)
    assert 0 < len(visible) < total and all("gradient" in search for _, search in visible)
    assert page.locator("#glossary-count").inner_text() == f"{len(visible)} of {total} terms"
    page.fill("#glossary-search", "harmonic mean")  # words of the definition of the F1 score only
    assert [term for term, _ in items.evaluate_all(shown)] == ["f1 score"]
    page.fill("#glossary-search", "recall")
    by_name = ["recall" in term for term, _ in items.evaluate_all(shown)]
    assert by_name[0] and False in by_name
    assert by_name == sorted(by_name, reverse=True)  # the terms whose name matches come first
    page.fill("#glossary-search", "")
    assert page.locator("#glossary-count").inner_text() == f"{total} terms"


FORMULA_WIDTHS = r"""() => {
  const width = document.documentElement.clientWidth;
  const boxes = Array.from(document.querySelectorAll(".formula, .formula .tex, #glossary .tex"));
  const outside = boxes.filter((e) => { const r = e.getBoundingClientRect();
                                        return r.right > width + 0.5 || r.left < -0.5; });
  return {width, page: document.documentElement.scrollWidth, boxes: boxes.length,
          outside: outside.map((e) => e.textContent.trim().slice(0, 60)).slice(0, 3),
          scrolled: boxes.filter((e) => [e, ...e.querySelectorAll("mjx-container")]
                                   .some((x) => x.scrollWidth > x.clientWidth + 1)).length};
}"""


@pytest.mark.browser
@needs_npm
def test_formulas_fit_the_page_and_long_ones_scroll_in_their_box(browser, full_guide):
    """On a desktop (1,100 px) and a narrow (600 px) window, no formula box of a chapter page and
    no glossary formula reaches past the right edge of the window, and no page is wider than the
    window: a formula too long for its box scrolls inside it (`overflow-x: auto` in guide.css)."""
    scrolled = 0
    for path in [full_guide / "index.html", *sorted(full_guide.glob("[0-9][0-9]_*.html"))]:
        page, _, _ = open_page(browser, path)
        for width in (1100, 600):
            page.set_viewport_size({"width": width, "height": 1400})
            found = page.evaluate(FORMULA_WIDTHS)
            assert found["boxes"] > 0, path.name
            where = f"{path.name} at {width} px"
            assert found["outside"] == [], f"{where}: formulas past the edge {found}"
            assert found["page"] <= found["width"], f"{where}: the page is wider than the window"
            scrolled += found["scrolled"] if width == 600 else 0
        page.context.close()
    assert scrolled > 0  # some formulas are too long for a narrow window: they scroll, not the page
