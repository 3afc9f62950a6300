"""Reading npm lock files (``package-lock.json``, lockfileVersion 2 or 3): what they pin.

A leaf, so that the content checks (``course``) can read the lock files the build and the test
set-up install from, and ``site.frontend`` installs from the same reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import content
from .content import CourseError

# The site's front-end lock ships with the package, beside the site build (package data).
SITE_LOCK = Path(__file__).resolve().parents[1] / "site" / "frontend" / "package-lock.json"
REGISTRY = "https://registry.npmjs.org"


class FrontendError(CourseError):
    """A lock file, a download or a tarball that cannot be used; the message says which."""


@dataclass(frozen=True)
class Locked:
    name: str
    version: str
    integrity: str
    resolved: str

    @property
    def tarball(self) -> str:
        """The address to download: the lock's, or the registry's standard one."""
        if self.resolved:
            return self.resolved
        registry = os.environ.get("NPM_CONFIG_REGISTRY", REGISTRY).rstrip("/")
        return f"{registry}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"


def _install_scripts_not_needed(lock: Path) -> set[str]:
    """Packages whose install script the ``package.json`` beside the lock declares not needed,
    each with its reason (``"smxInstallScriptNotNeeded": {"name": "why"}``); e.g. vnu-jar's
    script only downloads a Java runtime, while its tarball already holds the jar."""
    manifest = lock.parent / "package.json"
    if not manifest.is_file():
        return set()
    data = content.load_json(manifest, FrontendError, str(manifest))
    table = data.get("smxInstallScriptNotNeeded", {}) if isinstance(data, dict) else {}
    if not isinstance(table, dict) or not all(
            isinstance(why, str) and why.strip() for why in table.values()):
        raise FrontendError(f"{manifest}: 'smxInstallScriptNotNeeded' must map each package "
                            "name to the reason its install script is not needed.")
    return set(table)


def locked_packages(lock: Path) -> list[Locked]:
    """Every package a lockfile (npm lockfileVersion 2 or 3) pins."""
    data = content.load_json(lock, FrontendError, str(lock))
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, dict):
        raise FrontendError(f"{lock}: no 'packages' table (npm lockfileVersion 2 or 3 needed).")
    found = []
    skipped = _install_scripts_not_needed(lock)
    for key, entry in packages.items():
        if not key:
            continue  # the project itself
        where = f"{lock}: package '{key}'"
        if not isinstance(entry, dict):
            raise FrontendError(f"{where}: expected an object with version and integrity.")
        if not key.startswith("node_modules/") or "/node_modules/" in key:
            raise FrontendError(f"{where}: only top-level node_modules packages are supported.")
        if entry.get("hasInstallScript") and key.removeprefix("node_modules/") not in skipped:
            raise FrontendError(f"{where}: has an install script, which this installer won't run.")
        for field_name in ("version", "integrity"):
            if not isinstance(entry.get(field_name), str) or not entry[field_name]:
                raise FrontendError(f"{where}: field '{field_name}' is missing.")
        found.append(Locked(key.removeprefix("node_modules/"), entry["version"],
                            entry["integrity"], entry.get("resolved", "")))
    return found


