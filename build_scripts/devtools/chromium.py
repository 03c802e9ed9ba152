"""The Chromium that the browser tests (tests/conftest.py) and the Lighthouse benchmark (lighthouse.py) drive:
where it is, and the flags it needs on a machine without a screen or an open network.

Debian's chromium (or Chrome on a CI runner); no browser is downloaded. Without the background-networking flags
Chromium keeps trying to reach Google's hosts, which a closed network refuses.

The browser tests prefer Debian's chromium-headless-shell where it is installed (`make browser` installs it when
apt-get can): the same Blink engine without the browser's window and profile code, which is what Playwright itself
runs for headless tests. It does the same visits with about a fifth less CPU (README, "Benchmark"). Lighthouse keeps
the full browser, as readers use it.
"""

import os
import shutil

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HEADLESS_SHELL = "chromium-headless-shell"


def executable(headless_shell: bool = False) -> str | None:
    """The browser to start: $CHROMIUM_PATH if set, else the first of Debian's and Google's names on PATH, with
    Debian's headless shell first if `headless_shell`."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), *((HEADLESS_SHELL,) if headless_shell else ()), *BROWSERS):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None
