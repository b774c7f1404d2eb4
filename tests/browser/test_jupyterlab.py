"""A learner's session: JupyterLab on a free local port, a chapter run top to bottom, a slider moved.

The explorer's figure is an ipywidgets Image; moving its slider with the keyboard must make the
live kernel redraw it, which changes the image the browser shows.
"""

import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

CHAPTER = ROOT / "book" / "01_overfitting.ipynb"
# a chapter full of MyST: admonitions, definitions and theorems (sphinx-proof), exercises, roles
MYST_CHAPTER = ROOT / "book" / "02_ridge.ipynb"
TOKEN = "regkit-test"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cleared_copy(dst):
    """The chapter without stored outputs or widget state, so every widget on screen is live."""
    nb = json.loads(CHAPTER.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["metadata"].pop("widgets", None)
    path = dst / CHAPTER.name
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    _cleared_copy(work)
    shutil.copy(MYST_CHAPTER, work / MYST_CHAPTER.name)
    # JupyterLab 4 renders only the cells near the viewport; render them all, so the output
    # of the last cell exists in the page however slowly this machine runs the chapter
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), MPLBACKEND="")
    env.pop("MPLBACKEND")
    jupyter = pathlib.Path(sys.executable).with_name("jupyter")
    cmd = [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}",
           f"--LabApp.user_settings_dir={work / 'settings'}", f"--LabApp.app_settings_dir={ROOT / 'lab-settings'}", "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail(f"jupyter lab did not start: {(work / 'lab.log').read_text()[-2000:]}")
    if proc.poll() is not None:
        pytest.fail(f"jupyter lab exited: {(work / 'lab.log').read_text()[-2000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_slider_moves_the_live_figure(page, lab):
    page.set_default_timeout(120_000)
    page.goto(f"{lab}/lab/tree/{CHAPTER.name}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    # a Run All issued before the kernel is up can be lost: wait for the status bar's "Idle"
    page.wait_for_selector(".jp-StatusBar-TextItem:has-text('Idle')")
    # Run > Run All Cells, through the menu a learner would use
    page.click("li.lm-MenuBar-item >> text=Run")
    page.click("li.lm-Menu-item >> text=Run All Cells")
    image = page.locator(".jp-OutputArea .widget-image, .jp-OutputArea img.widget-image").first
    image.wait_for(state="attached")
    image.scroll_into_view_if_needed()
    image.wait_for(state="visible")
    before = image.get_attribute("src")
    numbers_before = page.locator(".jp-OutputArea .widget-html-content").last.inner_text()

    handle = page.locator(".jp-OutputArea .widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(4):  # degree 3 -> 7, one key press per step
        handle.press("ArrowRight")
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel); return i && i.src !== old; }",
        arg=[".jp-OutputArea .widget-image", before],
    )
    after = image.get_attribute("src")
    numbers_after = page.locator(".jp-OutputArea .widget-html-content").last.inner_text()
    readout = page.locator(".jp-OutputArea .widget-readout").first.inner_text()
    assert after != before
    assert readout.strip() == "7"
    assert numbers_after != numbers_before


def test_myst_renders_in_jupyterlab(page, lab):
    """jupyterlab-myst renders the chapters' directives and roles: no raw MyST reaches the reader."""
    page.set_default_timeout(120_000)
    # ?reset: a fresh workspace, so the first test's chapter is not restored beside this one
    page.goto(f"{lab}/lab/tree/{MYST_CHAPTER.name}?reset&token={TOKEN}")
    # jupyterlab-myst draws admonitions and proofs as its own elements; looked for in the open
    # notebook only (the chapter of the other test, if it ran first, stays open in a hidden tab)
    shown = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell"
    page.wait_for_selector(f"{shown} .myst-admonition")
    page.wait_for_selector(f"{shown} .myst-proof")
    page.wait_for_load_state("networkidle")
    # what a learner sees: the open notebook only (innerText of a hidden panel is its raw text),
    # and innerText skips the hidden source editors of rendered cells
    read = ("() => Array.from(document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell')).map(e => e.innerText).join('\\n')")
    # jupyterlab-myst renders cell by cell: wait until the chapter's prose is there
    page.wait_for_function(f"() => ({read})().length > 2000", timeout=120_000)
    text = page.evaluate(read)
    assert len(text) > 2000, "the chapter's markdown did not render"
    for raw in (":class:", ":label:", "```{", "{doc}`", "{ref}`", "{cite}`"):
        assert raw not in text, f"raw MyST {raw!r} visible in JupyterLab: ...{text[max(0, text.find(raw) - 80):text.find(raw) + 80]}..."
    # the news question never appears
    assert page.locator("text=Would you like to get notified about official Jupyter news").count() == 0
