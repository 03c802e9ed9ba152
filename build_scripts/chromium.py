"""The Chromium that the browser tests (tests/conftest.py) and the Lighthouse benchmark (lighthouse.py) drive:
where it is, and the flags it needs on a machine without a screen or an open network.

Debian's chromium (or Chrome on a CI runner); no browser is downloaded. Without the background-networking flags
Chromium keeps trying to reach Google's hosts, which a closed network refuses.
"""

import os
import shutil

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def executable() -> str | None:
    """The browser to start: $CHROMIUM_PATH if set, else the first of Debian's and Google's names on PATH."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome",
                      "google-chrome-stable"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None
