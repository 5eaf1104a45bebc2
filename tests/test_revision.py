"""`make revision`: the offline revision guide (tools/revision.py).

The fast tests build the guide of the fixture chapter (tests/fixtures/00_practice_fixture.ipynb) and read the
HTML. The browser test (marker `browser`; `pytest -m browser tests/test_revision.py`) builds the guide of every
chapter into build/revision/, opens it in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
with every non-file request blocked and recorded, and saves a screenshot to build/revision-screenshot.png.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import revision

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "00_practice_fixture.ipynb"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOT = ROOT / "build" / "revision-screenshot.png"
NETWORK_REF = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)

needs_npm = pytest.mark.skipif(shutil.which("npm") is None and not (revision.NPM_DIR / revision.MATHJAX_FILE).exists(),
                               reason="the offline MathJax is installed with npm (apt-get install npm)")


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    """The guide of the fixture chapter."""
    out = tmp_path_factory.mktemp("revision")
    assert revision.main([str(FIXTURE), "--out", str(out)]) == 0
    return out


@needs_npm
def test_chapter_page_has_formulas_takeaways_and_folded_solutions(guide):
    page = (guide / "00_practice_fixture.html").read_text()
    assert page.count('class="formula"') == 2 and r"\bar x = \frac{1}{n}" in page
    assert "the median resists outliers" in page
    for label in ("Question 1", "Question 2", "Question 3", "Exercise 1", "Exercise 2"):
        assert f"<h3>{label} — " in page
    assert page.count("<details><summary>Worked solution</summary>") == 5
    assert "q1_answer" in page and "The mean adds every value" in page  # code and model answer, folded


@needs_npm
def test_links_lead_to_sections_of_the_rendered_notebook(guide):
    page = (guide / "00_practice_fixture.html").read_text()
    notebook = (guide / "notebooks" / "00_practice_fixture.html").read_text()
    anchors = set(re.findall(r'href="notebooks/00_practice_fixture\.html#(cell-id=[^"]+)"', page))
    assert len(anchors) >= 3
    for anchor in anchors:
        assert f'id="{anchor}"' in notebook


@needs_npm
def test_glossary_has_bold_terms_and_headings_with_their_section(guide):
    index = (guide / "index.html").read_text()
    items = re.findall(r'<li data-search="([^"]*)"><span class="term">(.*?)</span>', index)
    terms = [term for _, term in items]
    assert terms == sorted(terms, key=str.lower)
    for term in ("mean", "standard deviation", "median", "Means and spreads", "The median"):
        assert term in terms, term
    assert not any(t.startswith(("Question", "Exercise", "Takeaway", "Your answer")) for t in terms)
    search = dict((t, s) for s, t in items)
    assert "means and spreads" in search["standard deviation"]  # its section, searchable


@needs_npm
def test_guide_references_nothing_online(guide):
    for page in guide.rglob("*.html"):
        assert not NETWORK_REF.search(page.read_text()), f"{page.name} refers to something online"
    assert (guide / "assets" / "tex-svg-full.js").stat().st_size > 1_000_000


def test_term_filter_and_sentences():
    assert revision.is_term("gradient descent") and revision.is_term("$F_1$ score")
    assert not revision.is_term("from the four counts") and not revision.is_term("Takeaway")
    assert not revision.is_term("2 images per digit") and not revision.is_term("a b c d e f")
    text = "Intro. The **mean** is $\\bar x = \\frac{1}{n}\\sum_i x_i$ and more words follow here."
    start = text.index("**mean**")
    assert revision.sentence_around(text, start, start + 8).startswith("The **mean** is")
    cut = revision.sentence_around(text, start, start + 8, limit=30)
    assert cut.count("$") % 2 == 0 and cut.endswith("…")
    display = "The **soft labels** are $$r_j = \\frac{\\phi_j p_j}{\\sum_l \\phi_l p_l}$$ for every component."
    cut = revision.sentence_around(display, 4, 20, limit=40)    # the cut falls inside a $$...$$ formula
    assert "$" not in cut and "\\frac" not in cut and cut.endswith("…")


# --- in a browser ----------------------------------------------------------------------------------------------

RAW_MATH = r"""() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("pre, code, script, style, textarea, mjx-container").forEach((e) => e.remove());
  return (copy.textContent.match(/\$[^$\n]{1,200}\$|\\\(|\\\[|\\frac|\\begin\{/g) || []).slice(0, 5);
}"""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
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


def open_page(browser, path: Path):
    """Open a page with the network cut off; return (page, blocked requests, console errors)."""
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
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
            assert page.locator("mjx-container").count() > 0
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
            items = page.locator("#glossary > li")
            total = items.count()
            page.fill("#glossary-search", "gradient")
            visible = items.evaluate_all("els => els.filter(e => !e.hidden).map(e => e.dataset.search)")
            assert 0 < len(visible) < total and all("gradient" in v for v in visible)
            assert page.locator("#glossary-count").inner_text() == f"{len(visible)} of {total} terms"
        else:
            details = page.locator("details")
            if details.count():
                assert not details.first.evaluate("d => d.open")  # folded
                page.click("[data-fold=open]")
                assert details.first.evaluate("d => d.open")
        page.context.close()
    assert SCREENSHOT.stat().st_size > 10_000
