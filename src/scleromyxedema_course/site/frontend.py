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
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..core.locks import REGISTRY, FrontendError, Locked, locked_packages

__all__ = ["REGISTRY", "FrontendError", "Locked", "locked_packages", "install", "installed",
           "site_modules", "check_integrity", "download"]

MARKER = ".smx-integrity"


def site_modules() -> Path:
    """Where the site's front-end packages live: inside the Python environment, per venv."""
    return Path(sys.prefix) / "share" / "smx-course" / "node_modules"


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


def _extract(tar: tarfile.TarFile, dest: Path, what: str) -> None:
    """Extract only regular files and folders inside ``dest``. Python 3.11.4+ has tarfile's
    "data" filter for this; Debian 12's Python 3.11.2 has not, so the same rule is checked
    here by hand (no absolute or ``..`` paths, no links or devices)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="data")
        return
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise FrontendError(f"{what}: the tarball holds an unsafe entry ({member.name}).")
        members.append(member)
    tar.extractall(dest, members=members)  # noqa: S202 (every member checked above)


def _unpack(data: bytes, target: Path, what: str) -> None:
    """Unpack an npm tarball's single top folder as ``target``, replacing it atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-") as tmp:
        archive = Path(tmp) / "package.tgz"
        archive.write_bytes(data)
        try:
            with tarfile.open(archive) as tar:
                _extract(tar, Path(tmp) / "x", what)
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
