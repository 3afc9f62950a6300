"""Front-end packages from the npm registry, pinned by a package-lock.json, installed without Node.

The site ships plotly.js's *cartesian* bundle (1.5 MB, every trace type the lessons draw)
instead of the full 4.8 MB bundle inside the plotly wheel: a deck's plots are drawn about a
second sooner (README, benchmark). The browser tests use axe-core. Both are npm packages,
but ``make course`` must work with only Python and make, so this module does what ``npm ci``
does for dependency-free packages: for each package in the lock, download its tarball from
the registry, check it against the lock's integrity hash, and unpack it under
``node_modules/<name>``. A package already unpacked with the same hash is left alone.

To upgrade a package, edit the version in the ``package.json`` next to the lock and run
``npm install --package-lock-only`` there (maintainers only; builds never need Node).
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import content

HERE = Path(__file__).resolve().parent
SITE_LOCK = HERE / "frontend" / "package-lock.json"
REGISTRY = "https://registry.npmjs.org"
MARKER = ".smx-integrity"


class FrontendError(Exception):
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


def site_modules() -> Path:
    """Where the site's front-end packages live: inside the Python environment, per venv."""
    return Path(sys.prefix) / "share" / "smx-course" / "node_modules"


def locked_packages(lock: Path) -> list[Locked]:
    """Every package a lockfile (npm lockfileVersion 2 or 3) pins."""
    data = content.load_json(lock, FrontendError, str(lock))
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, dict):
        raise FrontendError(f"{lock}: no 'packages' table (npm lockfileVersion 2 or 3 needed).")
    found = []
    for key, entry in packages.items():
        if not key:
            continue  # the project itself
        where = f"{lock}: package '{key}'"
        if not isinstance(entry, dict):
            raise FrontendError(f"{where}: expected an object with version and integrity.")
        if not key.startswith("node_modules/") or "/node_modules/" in key:
            raise FrontendError(f"{where}: only top-level node_modules packages are supported.")
        if entry.get("hasInstallScript"):
            raise FrontendError(f"{where}: has an install script, which this installer won't run.")
        for field_name in ("version", "integrity"):
            if not isinstance(entry.get(field_name), str) or not entry[field_name]:
                raise FrontendError(f"{where}: field '{field_name}' is missing.")
        found.append(Locked(key.removeprefix("node_modules/"), entry["version"],
                            entry["integrity"], entry.get("resolved", "")))
    return found


def check_integrity(data: bytes, integrity: str, what: str) -> None:
    """Raise unless ``data`` matches one of the lock's Subresource-Integrity hashes."""
    for token in integrity.split():
        algorithm, _, expected = token.partition("-")
        if algorithm in ("sha512", "sha384", "sha256"):
            actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
            if actual == expected:
                return
            raise FrontendError(f"{what}: downloaded file does not match the lock's "
                                f"{algorithm} hash; nothing was installed.")
    raise FrontendError(f"{what}: the lock's integrity '{integrity}' has no sha256/384/512 hash.")


def download(url: str, attempts: int = 3) -> bytes:
    """The file at ``url``; a failed try is repeated after 1 s, then 2 s (flaky networks)."""
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                return response.read()
        except (urllib.error.URLError, OSError) as exc:
            problem = exc
            if attempt < attempts:
                time.sleep(attempt)
    raise FrontendError(f"cannot download {url} after {attempts} tries ({problem}).")


def _unpack(data: bytes, target: Path, what: str) -> None:
    """Unpack an npm tarball's single top folder as ``target``, replacing it atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-") as tmp:
        archive = Path(tmp) / "package.tgz"
        archive.write_bytes(data)
        try:
            with tarfile.open(archive) as tar:
                tar.extractall(Path(tmp) / "x", filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise FrontendError(f"{what}: the tarball cannot be unpacked ({exc}).") from exc
        tops = list((Path(tmp) / "x").iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise FrontendError(f"{what}: the tarball should hold one folder.")
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        tops[0].rename(target)


def install(lock: Path, dest: Path, fetch: Callable[[str], bytes] = download) -> list[str]:
    """Install every package ``lock`` pins under ``dest``; return the ones (re)installed."""
    done = []
    for pkg in locked_packages(lock):
        target = Path(dest) / pkg.name
        marker = target / MARKER
        if marker.is_file() and marker.read_text(encoding="utf-8") == pkg.integrity:
            continue
        what = f"{pkg.name}@{pkg.version}"
        data = fetch(pkg.tarball)
        check_integrity(data, pkg.integrity, what)
        _unpack(data, target, what)
        marker.write_text(pkg.integrity, encoding="utf-8")
        done.append(what)
    return done


def installed(lock: Path, dest: Path, name: str) -> Path | None:
    """The folder of package ``name`` if it is installed at the version ``lock`` pins."""
    for pkg in locked_packages(lock):
        marker = Path(dest) / pkg.name / MARKER
        if pkg.name == name and marker.is_file() \
                and marker.read_text(encoding="utf-8") == pkg.integrity:
            return marker.parent
    return None


def main(args) -> int:
    lock = Path(args.lock) if args.lock else SITE_LOCK
    dest = Path(args.dest) if args.dest else site_modules()
    try:
        done = install(lock, dest)
    except FrontendError as exc:
        print(f"smx-course frontend: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(done) if done else "nothing new"
    print(f"Front-end packages from {lock.name} in {dest}: {names}.")
    return 0
