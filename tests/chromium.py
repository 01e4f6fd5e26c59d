"""Debian's Chromium for the browser tests, and axe-core from tests/node when npm installed it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / ".chatbot" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip the calling module, saying why, when there is no Chromium to drive."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} (install it with 'apt-get install chromium', or set CHROMIUM)",
            allow_module_level=True,
        )


def launch(playwright):
    """A headless Chromium."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run 'make test' with npm on the PATH")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const found = await axe.run(document, {resultTypes: ['violations']});
        return found.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
            .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }""")
