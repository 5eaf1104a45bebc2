"""JupyterLab as a student uses it: a real server, a real browser, chapter 01 run through the UI.

Starts JupyterLab from the project's venv on a free local port with a token (on a temporary copy of
the notebooks, so running cells never touches the committed files), checks that the REST API refuses
requests without the token, opens chapter 01 in headless Chromium (Debian's package, driven by
Playwright), runs all cells from the Run menu (retrying a click that started nothing), waits until
every code cell has an execution count in the notebook model and the kernel is idle, and asserts
that every cell ran and no error output appears. It also opens a chapter as committed (with
outputs), goes to its exam practice and checks that no solution's source or output is visible until
the student unfolds it. Screenshots go to build/lab/. The server is stopped by its PID. Run with
`make test-lab`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_the_machine_learning_landscape.ipynb"
EXAM_CHAPTER = "06_decision_trees.ipynb"     # opened as committed, outputs and all
SHOTS = ROOT / "build" / "lab"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-sync", "--disable-background-networking", "--disable-component-update"]
RUN_TIMEOUT_S = 600
# The notebook toolbar's execution indicator carries the kernel state in data-status (idle / busy).
KERNEL_IS = ("state => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status"
             " === state")
# The notebook's own model (the server runs with --expose-app-in-browser): how many non-empty code
# cells it has and how many carry an execution count. DOM prompts are unreliable: collapsed solution
# cells hide them.
CELLS_RUN = """() => {
  const panel = window.jupyterapp?.shell.currentWidget;
  if (!panel?.content?.model) return null;
  const code = [...panel.content.model.cells]
    .filter(c => c.type === 'code' && c.sharedModel.getSource().trim());
  return {total: code.length, run: code.filter(c => c.executionCount !== null).length};
}"""

# Where a Run All stands, read from the notebook model: code cells run so far, the first not yet
# run, the error outputs (cell index, ename, evalue), the kernel state and the text of any open
# dialog. A Run All stops at the first error and leaves the later cells unrun: the test must see it.
RUN_STATE = """() => {
  const panel = window.jupyterapp?.shell.currentWidget;
  if (!panel?.content?.model) return null;
  const code = [...panel.content.model.cells].map((cell, index) => ({cell, index}))
    .filter(({cell}) => cell.type === 'code' && cell.sharedModel.getSource().trim());
  const notRun = code.filter(({cell}) => cell.executionCount === null);
  const errors = [];
  for (const {cell, index} of code)
    for (const out of cell.outputs.toJSON())
      if (out.output_type === 'error') errors.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
  return {total: code.length, run: code.length - notRun.length,
          first_not_run: notRun.length ? notRun[0].index : null, errors,
          kernel: document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status ?? null,
          dialog: document.querySelector('.jp-Dialog')?.innerText ?? null};
}"""
STALL_S = 90      # no cell finished and the kernel not busy for this long: the run has stopped


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""          # not listening yet


@contextlib.contextmanager
def lab_server(root: Path, settings: dict[str, dict] | None = None):
    """A JupyterLab server from the venv on `root`, with user settings (plugin id -> values); yields
    base_url, token. Stopped by its PID, kernels included."""
    port, token = free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--notebook-dir={root}", f"--IdentityProvider.token={token}",
           "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    settings_dir = root.parent / f"{root.name}-settings"
    # plugin: e.g. "@jupyterlab/notebook-extension:tracker"
    for plugin, values in (settings or {}).items():
        package, name = plugin.split(":")
        (settings_dir / package).mkdir(parents=True, exist_ok=True)
        (settings_dir / package / f"{name}.jupyterlab-settings").write_text(json.dumps(values),
                                                                            encoding="utf-8")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings_dir)} if settings else None
    log = open(root.parent / f"{root.name}-server.log", "w")   # noqa: SIM115 (closed below)
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while get(f"{base}/api/status?token={token}")[0] != 200:
            assert server.poll() is None, (
                f"jupyter lab exited: {Path(log.name).read_text()[-2000:]}")
            assert time.monotonic() < deadline, "jupyter lab did not answer within 60 s"
            time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(server.pid, signal.SIGTERM)     # the server and the kernels it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a cleared copy of chapter 01; yields (base_url, token, root_dir)."""
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium")
    root = tmp_path_factory.mktemp("lab")
    nb = json.loads((ROOT / "notebooks" / CHAPTER).read_text(encoding="utf-8"))
    for cell in nb["cells"]:      # as a student gets it after "Clear All Outputs": nothing run yet
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (root / CHAPTER).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    # The preferred kernel (the notebook's own) starts without a "Select Kernel" dialog: that dialog
    # opened during Run All here and in CI, with the kernel already running, and held the run.
    with lab_server(
        root, {"@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True}}
    ) as (base, token):
        yield base, token, root


@pytest.fixture(scope="module")
def lab_committed(tmp_path_factory):
    """A JupyterLab server on chapter 06 as committed (outputs and all), rendering every cell at
    once (no lazy windowing), so that the test can scroll to any cell; yields (base_url, token)."""
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium")
    root = tmp_path_factory.mktemp("lab-committed")
    shutil.copy(ROOT / "notebooks" / EXAM_CHAPTER, root / EXAM_CHAPTER)
    with lab_server(
        root, {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
    ) as server:
        yield server


def test_rest_api_needs_the_token(lab):
    base, token, _ = lab
    assert get(f"{base}/api/contents")[0] == 403
    status, body = get(f"{base}/api/contents?token={token}")
    assert status == 200 and CHAPTER in body.decode()


def test_notebooks_run_on_the_project_environment(lab):
    """The notebooks' kernel (python3) is the venv's own Python, and the course kernel is
    registered."""
    base, token, _ = lab
    specs = json.loads(get(f"{base}/api/kernelspecs?token={token}")[1])["kernelspecs"]
    assert "ml-course" in specs, "make setup registers the 'Python (ML course)' kernel"
    nb = json.loads((ROOT / "notebooks" / CHAPTER).read_text())
    name = nb["metadata"]["kernelspec"]["name"]
    argv0 = specs[name]["spec"]["argv"][0]
    prefix = Path(sys.prefix).resolve()
    assert (argv0 in ("python", "python3", sys.executable)
            or Path(argv0).resolve().is_relative_to(prefix)), argv0


def answer_dialog(page, seen: list[str], shot: str) -> None:
    """If a JupyterLab dialog is open: screenshot it, note its text, accept a kernel choice, dismiss
    anything else."""
    dialog = page.locator(".jp-Dialog")
    if not dialog.count():
        return
    page.screenshot(path=str(SHOTS / shot))
    text = " ".join(dialog.first.inner_text().split())
    seen.append(text)
    accept = dialog.first.locator("button.jp-mod-accept")
    if "kernel" in text.lower() and accept.count():
        accept.first.click()
    else:
        page.keyboard.press("Escape")
    try:
        dialog.first.wait_for(state="detached", timeout=30_000)
    except Exception:       # the click did not close it (seen under load): the keyboard's accept
        page.keyboard.press("Enter")
        dialog.first.wait_for(state="detached", timeout=30_000)


def wait_for_run_all(page, dialogs: list[str]) -> list[str]:
    """Wait until every code cell has its execution count and the kernel is idle again; return
    what had to be done on the way. Fail at once, saying where and why, when a cell shows an error
    or a dialog says the kernel died. A dialog of any other kind is answered and recorded. A run
    that makes no progress for STALL_S seconds with the kernel not busy and no error is resumed
    once from its first unrun cell (JupyterLab's "Run Selected Cell and All Below", recorded);
    a second stall fails, and so does RUN_TIMEOUT_S. Screenshots go to build/lab/."""
    start = last_progress = time.monotonic()
    last_run, resumed = -1, []
    while True:
        state = page.evaluate(RUN_STATE)
        now = time.monotonic()
        if state and state["run"] == state["total"] and state["kernel"] == "idle":
            print(f"Run All: {state['total']} code cells in {now - start:.0f} s")
            return resumed
        if state and (state["run"] != last_run or state["kernel"] == "busy"):
            last_run, last_progress = state["run"], now
        why = None
        if state and state["errors"]:
            why = f"an error output: {state['errors'][:3]}"
        elif state and state["dialog"]:
            text = " ".join(state["dialog"].split())
            if "died" in text.lower() or "restart" in text.lower():
                why = f"a dialog says: {text!r}"
            else:
                answer_dialog(page, dialogs, f"01_dialog_during_run_{len(dialogs)}.png")
                last_progress = now
        elif now - last_progress > STALL_S and not resumed and state:
            page.screenshot(path=str(SHOTS / "01_run_all_stalled.png"))
            resumed.append(f"stalled at cell {state['first_not_run']} with the kernel "
                           f"{state['kernel']!r} after {now - start:.0f} s; resumed from there")
            page.evaluate("""i => { const panel = window.jupyterapp.shell.currentWidget;
                                    panel.content.activeCellIndex = i;
                                    return window.jupyterapp.commands
                                      .execute('notebook:run-all-below'); }""",
                          state["first_not_run"])
            last_progress = now
        elif now - last_progress > STALL_S:
            why = f"no progress for {STALL_S} s with the kernel {state and state['kernel']!r}"
        elif now - start > RUN_TIMEOUT_S:
            why = f"not done after {RUN_TIMEOUT_S} s"
        if why:
            page.screenshot(path=str(SHOTS / "01_run_all_stopped.png"))
            pytest.fail(f"Run All stopped: {why}; state {state}, {now - start:.0f} s after the "
                        f"start; on the way: {resumed or 'nothing'} "
                        "(screenshot build/lab/01_run_all_stopped.png)")
        page.wait_for_timeout(1000)


def test_chapter_01_runs_in_the_browser_without_errors(lab):
    playwright = pytest.importorskip("playwright.sync_api")
    base, token, root = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{CHAPTER}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        page.wait_for_function(KERNEL_IS, arg="idle", timeout=120_000)
        assert page.get_by_text("official Jupyter news").count() == 0, "the news pop-up is shown"

        # Run All from the menu. A click that lands before the kernel session is wired up runs
        # nothing (seen in CI), so the run counts as started only once a code cell has an execution
        # count; otherwise click again. A dialog can open over the page meanwhile (seen once in CI;
        # most likely "Select Kernel", which JupyterLab shows when Run All comes before the session
        # has its kernel): it is answered, its text recorded.
        dialogs: list[str] = []
        # started: a cell has run, or the kernel is busy with the first one (a slow first cell must
        # not make the test click Run All a second time)
        started = (f"() => ({CELLS_RUN})()?.run > 0 || ({KERNEL_IS})('busy')")
        for attempt in range(3):
            answer_dialog(page, dialogs, f"01_dialog_{attempt}.png")
            try:
                page.get_by_role("menuitem", name="Run", exact=True).click(timeout=10_000)
                page.locator("li[data-command='runmenu:run-all']").click(timeout=10_000)
                page.wait_for_function(started, timeout=30_000)
                break
            except playwright.TimeoutError:
                page.keyboard.press("Escape")
        else:
            page.screenshot(path=str(SHOTS / "01_run_all_not_started.png"))
            pytest.fail("Run All did not start the kernel in 3 tries (screenshot in build/lab/); "
                        f"dialogs: {dialogs}")
        resumed = wait_for_run_all(page, dialogs)
        page.screenshot(path=str(SHOTS / "01_run_all_top.png"))

        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], "
            ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"
        ).count()
        tracebacks = page.get_by_text("Traceback (most recent call last)").count()
        # the end: the last cells' outputs
        page.locator(".jp-Cell").last.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "01_run_all_end.png"))
        page.get_by_role("menuitem", name="File", exact=True).click()
        page.locator("li[data-command='docmanager:save']").click()
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
        browser.close()

    assert errors == 0 and tracebacks == 0, (
        f"{errors} error outputs, {tracebacks} tracebacks in the page")
    saved = json.loads((root / CHAPTER).read_text())       # what the UI ran, as it saved it
    code = [c for c in saved["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert all(c.get("execution_count") for c in code), (
        "some code cells were not executed (saved notebook)")
    assert not [o for c in code for o in c.get("outputs", []) if o["output_type"] == "error"]
    print(f"chapter 01: {len(code)} code cells run in JupyterLab, no error; "
          f"screenshots in {SHOTS.relative_to(ROOT)}"
          + (f"; dialogs answered on the way: {dialogs}" if dialogs else ""))
    if resumed or dialogs:   # shown in pytest's warnings summary, so that CI's log keeps it
        warnings.warn(f"chapter 01 in JupyterLab passed after: {resumed + dialogs}", stacklevel=1)


# The notebook model and widgets of the open notebook: every code cell tagged `solution`, with its
# fold state.
SOLUTIONS = """() => {
  const nb = window.jupyterapp?.shell.currentWidget?.content;
  if (!nb?.widgets?.length) return null;
  return nb.widgets.map((cell, index) => ({index, type: cell.model.type,
      tags: cell.model.getMetadata('tags') || [], source: cell.model.sharedModel.getSource(),
      inputHidden: cell.inputHidden, outputHidden: cell.outputHidden,
      outputVisible: cell.model.type === 'code' && cell.outputArea.isVisible}));
}"""
# Bring cell i into view once JupyterLab has rendered it (the `lab_committed` server renders every
# cell at once, windowingMode "none", so that a cell far down can be scrolled to).
SCROLL_TO = """i => { const n = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
                     if (!n.childElementCount) return false;
                     n.scrollIntoView({block: 'start'}); return true; }"""


def scroll_to_cell(page, index: int) -> None:
    page.wait_for_function(SCROLL_TO, arg=index, timeout=120_000, polling=500)
    page.wait_for_timeout(500)


def test_exam_answers_stay_folded_until_the_student_unfolds_one(lab_committed):
    """Opened in JupyterLab, the exam practice shows questions, not answers: every solution cell's
    source and output are folded; unfolding one (its code, then its outputs) shows the worked
    answer."""
    playwright = pytest.importorskip("playwright.sync_api")
    base, token = lab_committed
    committed = json.loads((ROOT / "notebooks" / EXAM_CHAPTER).read_text(encoding="utf-8"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{EXAM_CHAPTER}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        page.wait_for_function(f"() => ({SOLUTIONS})()?.length === {len(committed['cells'])}",
                               timeout=60_000)
        cells = page.evaluate(f"({SOLUTIONS})")
        solutions = [c for c in cells if "solution" in c["tags"]]
        assert solutions, f"{EXAM_CHAPTER}: no solution cells found in JupyterLab"
        shown = [c["index"] for c in solutions if not c["inputHidden"]
                 or (c["type"] == "code" and (not c["outputHidden"] or c["outputVisible"]))]
        assert not shown, f"solution cells {shown} show their source or output in JupyterLab"

        exam = next(c["index"] for c in cells if c["type"] == "markdown"
                    and c["source"].lstrip().startswith("## Exam practice"))
        first = next(c for c in solutions if c["type"] == "code" and c["index"] > exam
                     and any(o.get("output_type") == "stream"
                             for o in committed["cells"][c["index"]]["outputs"]))
        answer = next(line.strip() for o in committed["cells"][first["index"]]["outputs"]
                      if o.get("output_type") == "stream"
                      for line in "".join(o["text"]).splitlines() if line.strip())
        scroll_to_cell(page, exam)
        page.screenshot(path=str(SHOTS / "06_exam_practice_folded.png"))
        assert not page.get_by_text(answer, exact=False).first.is_visible(), (
            f"answer {answer!r} is visible")

        # the student unfolds the first worked answer: a click on its folded code selects the cell
        # and shows the code, then "Expand Selected Outputs" (View menu) shows what it printed
        scroll_to_cell(page, first["index"])
        find = ("i => window.jupyterapp.shell.currentWidget.content.widgets[i].node"
                ".querySelector('.jp-InputPlaceholder')")
        page.wait_for_function(find, arg=first["index"], timeout=60_000, polling=500)
        page.evaluate_handle(find, first["index"]).as_element().click()
        # the command behind View's "Expand Selected Outputs" (a submenu item, awkward to hover to)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:show-cell-outputs')")
        page.wait_for_function(f"() => ({SOLUTIONS})()[{first['index']}].outputVisible",
                               timeout=10_000)
        page.get_by_text(answer, exact=False).first.wait_for(state="visible", timeout=10_000)
        page.screenshot(path=str(SHOTS / "06_exam_practice_one_unfolded.png"))
        browser.close()
    print(f"{EXAM_CHAPTER}: {len(solutions)} solution cells folded in JupyterLab; unfolding cell "
          f"{first['index']} shows {answer!r}; screenshots in {SHOTS.relative_to(ROOT)}")


@pytest.fixture(scope="module")
def lab_practice(tmp_path_factory):
    """A practice copy of chapter 06 and a 3-question mock exam (chapters 01 and 06, seed 201) in
    JupyterLab, every cell rendered at once; yields (base_url, token, root)."""
    import io

    import mock_exam
    import practice

    root = tmp_path_factory.mktemp("lab-practice")
    with contextlib.redirect_stdout(io.StringIO()):
        assert practice.main([str(ROOT / "notebooks" / EXAM_CHAPTER), "--out",
                              str(root / "practice")]) == 0
        assert mock_exam.main(["-n", "3", "--seed", "201", "--chapters", "01 06", "--out",
                               str(root / "exam")]) == 0
    with lab_server(root, {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}) \
            as (base, token):
        yield base, token, root


FIRST_CHECK = """() => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
    c => c.model.type === 'code' && c.model.sharedModel.getSource().includes('never the answer'))"""
CENTER_CELL = """i => window.jupyterapp.shell.currentWidget.content.widgets[i].node
    .scrollIntoView({block: 'center'})"""
CELL_IN_VIEW = """i => { const r = window.jupyterapp.shell.currentWidget.content.widgets[i].node
    .getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"""


def test_practice_copy_and_mock_exam_open_in_jupyterlab(lab_practice):
    """What `make practice` and `make exam` write opens in JupyterLab with its self-check cells;
    a screenshot of each at its first check goes to build/lab/ (the README shows them)."""
    playwright = pytest.importorskip("playwright.sync_api")
    import practice

    base, token, root = lab_practice
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for folder, shot in (("practice", "practice_copy.png"), ("exam", "mock_exam.png")):
            path = next(p for p in (root / folder).glob("*.ipynb"))
            nb = json.loads(path.read_text(encoding="utf-8"))
            checks = [i for i, c in enumerate(nb["cells"])
                      if practice.CHECK_TAG in c.get("metadata", {}).get("tags", [])]
            assert checks, f"{folder}/{path.name}: no self-check cell"
            page.goto(f"{base}/lab/tree/{folder}/{path.name}?token={token}")
            page.wait_for_function(f"() => ({SOLUTIONS})()?.length === {len(nb['cells'])}",
                                   timeout=60_000)
            # the first self-check, with its question and answer cell above it (scrolled twice: the
            # math rendered meanwhile moves the cells)
            index = page.evaluate(FIRST_CHECK)
            assert index == checks[0], f"{shot}: JupyterLab shows the first check at {index}"
            for _ in range(2):
                page.evaluate(CENTER_CELL, index)
                page.wait_for_timeout(1000)
            page.screenshot(path=str(SHOTS / shot))
            assert page.evaluate(CELL_IN_VIEW, index), f"{shot}: the first self-check is not shown"
        browser.close()
