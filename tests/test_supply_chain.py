"""What gets installed is what the lock file says, and nothing runs code at interpreter start-up unasked."""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

from tests.conftest import ROOT

# .pth files run code every time Python starts; a compromised package hides there. These are known.
ALLOWED_PTH = {
    "distutils-precedence.pth",  # setuptools
    "__editable__.chatbot-0.1.0.pth",  # this project, installed editable by the Makefile
}


def test_no_installed_package_ships_an_unexpected_pth_file():
    site_packages = Path(sysconfig.get_paths()["purelib"])
    found = {path.name for path in site_packages.glob("*.pth")}
    assert found - ALLOWED_PTH == set(), f"unexpected .pth files in {site_packages}: {sorted(found - ALLOWED_PTH)}"


def test_every_locked_package_is_pinned_with_hashes_and_litellm_avoids_compromised_releases():
    lock = (ROOT / "requirements.lock").read_text()
    # A pin may carry an environment marker (`uvloop==0.23.0 ; sys_platform != "win32"`) before its hashes.
    entries = re.findall(
        r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)(?:\s*;[^\\\n]*)?((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", lock, re.MULTILINE
    )
    names = re.findall(r"^([A-Za-z0-9_.\-]+)[=<>!~]", lock, re.MULTILINE)
    assert entries and len(entries) == len(names), "every requirement must be pinned with == and carry hashes"
    litellm = dict((name.lower(), version) for name, version, _ in entries)["litellm"]
    assert litellm not in ("1.82.7", "1.82.8") and not litellm.startswith("1.107."), f"litellm {litellm} was compromised"


def test_the_makefile_installs_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile and "-r requirements.lock" in makefile
