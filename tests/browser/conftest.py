"""Fixtures for the browser tests: Debian's chromium driven by Playwright, and the built book served on localhost.

Where chromium is not installed these tests skip with a message saying how to install it,
except in CI (``CI=true``), where a missing browser is a failure.
"""

import functools
import http.server
import os
import pathlib
import shutil
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# The flags keep a headless chromium from reaching out to Google's services on a closed network.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path():
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def _missing(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


# module scope: Playwright's sync API runs an event loop that must be gone before other
# tests (nbval's kernel clients) run in the same process
@pytest.fixture(scope="module")
def browser():
    path = _chromium_path()
    if path is None:
        _missing("Debian's chromium is not installed: `sudo apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def book_url():
    """The built book served by a local HTTP server on a free port."""
    if not (HTML / "index.html").exists():
        _missing(f"the book is not built ({HTML}/index.html missing): run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser):
    """A fresh page whose requests may go to localhost only; anything else is blocked and recorded."""
    context = browser.new_context()
    blocked = []

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked_requests = blocked
    yield pg
    context.close()
