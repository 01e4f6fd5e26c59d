"""What gets installed is what the lock file says, and nothing runs code at interpreter start-up unasked."""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest

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


def pins(lock: str) -> dict[str, str]:
    return {name.lower(): version for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", lock, re.MULTILINE)}


def test_the_development_lock_adds_to_the_serving_lock_without_changing_a_pin():
    serving, development = (pins((ROOT / name).read_text()) for name in ("requirements.lock", "requirements-dev.lock"))
    assert {name: development.get(name) for name in serving} == serving
    assert {"pytest", "ruff", "playwright"} <= set(development) and not {"pytest", "ruff", "playwright", "matplotlib"} & set(
        serving
    )


@pytest.mark.parametrize("lock_file", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_is_pinned_with_hashes_and_litellm_avoids_compromised_releases(lock_file):
    lock = (ROOT / lock_file).read_text()
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
    assert "--require-hashes" in makefile and "-r requirements.lock" in makefile and "-r requirements-dev.lock" in makefile


def test_the_hashed_locks_are_exported_from_uvs_one_resolution():
    """`uv sync` and `make` install the same versions: requirements*.lock are uv.lock exported (`make lock`)."""
    import tomllib

    resolved = tomllib.loads((ROOT / "uv.lock").read_text())["package"]
    locked = {p["name"].lower(): p["version"] for p in resolved if "editable" not in p.get("source", {})}
    development = pins((ROOT / "requirements-dev.lock").read_text())
    assert {name.replace("_", "-"): version for name, version in development.items()} == locked
    for name, version in pins((ROOT / "requirements.lock").read_text()).items():
        assert locked[name.replace("_", "-")] == version
