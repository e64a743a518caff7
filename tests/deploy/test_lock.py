"""The lock files every install uses (make, CI, the image) match pyproject.toml.

After a dependency is added or its range changed in pyproject.toml, `make lock` must be run;
until then installs from the locks would lack it or hold a version outside the range. This
fails first, naming what is missing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: Path) -> dict[str, str]:
    """``name -> version`` of the lock's pins that apply to this interpreter."""
    found: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        found[canonicalize_name(name)] = version
    return found


def _project() -> dict[str, object]:
    with (REPO / "pyproject.toml").open("rb") as handle:
        project: dict[str, object] = tomllib.load(handle)["project"]
    return project


def _requirements(extra: str | None) -> list[Requirement]:
    project = _project()
    listed = list(project["dependencies"])  # type: ignore[call-overload]
    if extra:
        listed += project["optional-dependencies"][extra]  # type: ignore[index]
    return [Requirement(text) for text in listed]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")]
)
def test_lock_pins_every_dependency_within_its_range(lock: str, extra: str | None) -> None:
    pinned = pins(REPO / lock)
    assert pinned, f"{lock} pins nothing"
    problems = []
    for requirement in _requirements(extra):
        if requirement.marker and not requirement.marker.evaluate():
            continue
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in {lock}")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert not problems, "; ".join(problems) + ": run `make lock`"


def test_runtime_and_dev_locks_agree() -> None:
    runtime, dev = pins(REPO / "requirements.lock"), pins(REPO / "requirements-dev.lock")
    differ = {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v}
    assert not differ, f"{differ}: run `make lock`"


def test_every_lock_entry_carries_hashes() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (REPO / lock).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[A-Za-z0-9])", text)
        for entry in entries:
            if _PIN.match(entry.splitlines()[0]):
                assert "--hash=sha256:" in entry, entry.splitlines()[0]
