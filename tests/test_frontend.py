"""Front-end packages from an npm lockfile, installed by Python (no Node).

A fake registry (a function returning tarball bytes) stands in for the network, so these
tests check what the installer does with good, tampered and malformed input.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from scleromyxedema_course.core import locks
from scleromyxedema_course.site import frontend, vendor


def tarball(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def write_lock(path: Path, packages: dict[str, dict]) -> Path:
    lock = {"name": "x", "lockfileVersion": 3, "requires": True,
            "packages": {"": {"name": "x"},
                         **{f"node_modules/{k}": v for k, v in packages.items()}}}
    path.write_text(json.dumps(lock), encoding="utf-8")
    return path


@pytest.fixture
def registry():
    """Tarballs by URL, and the URLs asked for."""
    store, asked = {}, []

    def fetch(url):
        asked.append(url)
        return store[url]

    return store, asked, fetch


def test_installs_checks_hash_and_skips_what_is_current(tmp_path, registry):
    store, asked, fetch = registry
    data = tarball({"lib.js": "/* lib v1.0.0 */", "LICENSE": "MIT"})
    store["https://registry.npmjs.org/lib/-/lib-1.0.0.tgz"] = data
    lock = write_lock(tmp_path / "package-lock.json",
                      {"lib": {"version": "1.0.0", "integrity": sri(data)}})
    dest = tmp_path / "node_modules"

    assert frontend.install(lock, dest, fetch) == ["lib@1.0.0"]
    assert (dest / "lib" / "lib.js").read_text() == "/* lib v1.0.0 */"
    assert frontend.installed(lock, dest, "lib") == dest / "lib"
    assert frontend.install(lock, dest, fetch) == []  # second run downloads nothing
    assert len(asked) == 1


def test_a_tampered_download_installs_nothing_and_keeps_the_old_copy(tmp_path, registry):
    store, _, fetch = registry
    good = tarball({"lib.js": "good"})
    url = "https://registry.npmjs.org/lib/-/lib-1.0.0.tgz"
    store[url] = good
    lock = write_lock(tmp_path / "package-lock.json",
                      {"lib": {"version": "1.0.0", "integrity": sri(good)}})
    dest = tmp_path / "node_modules"
    frontend.install(lock, dest, fetch)

    newer = tarball({"lib.js": "newer"})
    store["https://registry.npmjs.org/lib/-/lib-1.1.0.tgz"] = tarball({"lib.js": "evil"})
    write_lock(lock, {"lib": {"version": "1.1.0", "integrity": sri(newer)}})
    with pytest.raises(frontend.FrontendError, match=r"lib@1\.1\.0: downloaded file does not "
                                                     r"match the lock's sha512 hash"):
        frontend.install(lock, dest, fetch)
    assert (dest / "lib" / "lib.js").read_text() == "good"
    assert frontend.installed(lock, dest, "lib") is None  # not the pinned version


def test_scoped_names_and_recorded_addresses(tmp_path, registry):
    store, asked, fetch = registry
    data = tarball({"index.js": "scoped"})
    store["https://registry.npmjs.org/@org/tool/-/tool-2.0.0.tgz"] = data
    other = tarball({"index.js": "mirror"})
    store["https://mirror.example/other-1.0.0.tgz"] = other
    lock = write_lock(tmp_path / "package-lock.json", {
        "@org/tool": {"version": "2.0.0", "integrity": sri(data)},
        "other": {"version": "1.0.0", "integrity": sri(other),
                  "resolved": "https://mirror.example/other-1.0.0.tgz"},
    })
    frontend.install(lock, tmp_path / "nm", fetch)
    assert (tmp_path / "nm" / "@org" / "tool" / "index.js").read_text() == "scoped"
    assert asked == ["https://registry.npmjs.org/@org/tool/-/tool-2.0.0.tgz",
                     "https://mirror.example/other-1.0.0.tgz"]


@pytest.mark.parametrize("entry, message", [
    ({"version": "1.0.0"}, "package 'node_modules/lib': field 'integrity' is missing"),
    ({"version": "1.0.0", "integrity": "sha1-abc"}, "has no sha256/384/512 hash"),
    ({"version": "1.0.0", "integrity": "sha512-x", "hasInstallScript": True},
     "has an install script"),
])
def test_a_bad_lock_entry_is_named(tmp_path, registry, entry, message):
    store, _, fetch = registry
    store["https://registry.npmjs.org/lib/-/lib-1.0.0.tgz"] = tarball({"a": "b"})
    lock = write_lock(tmp_path / "package-lock.json", {"lib": entry})
    with pytest.raises(frontend.FrontendError, match=message):
        frontend.install(lock, tmp_path / "nm", fetch)
    assert not (tmp_path / "nm" / "lib").exists()


def test_an_unreadable_lock_names_the_file(tmp_path):
    lock = tmp_path / "package-lock.json"
    lock.write_text("{not json", encoding="utf-8")
    with pytest.raises(frontend.FrontendError,
                       match=r"package-lock\.json, line 1, column 2: JSON syntax error"):
        frontend.locked_packages(lock)


def test_the_site_lock_pins_the_plotly_js_the_wheel_draws_for():
    (pkg,) = frontend.locked_packages(locks.SITE_LOCK)
    assert pkg.name == vendor.CARTESIAN
    assert pkg.version == vendor.plotly_version(vendor.plotly_js()), (
        "the plotly wheel was upgraded: bump plotly.js-cartesian-dist-min in "
        "src/scleromyxedema_course/site/frontend/package.json and re-lock")


# --------------------------------------------------------------- which bundle the site ships


def fake_cartesian(modules: Path, version: str) -> None:
    """A cartesian bundle 'installed' at the lock's hash, with the given banner."""
    (pkg,) = frontend.locked_packages(locks.SITE_LOCK)
    folder = modules / pkg.name
    folder.mkdir(parents=True)
    (folder / "plotly-cartesian.min.js").write_text(
        f"/**\n* plotly.js (cartesian - minified) v{version}\n*/\n", encoding="utf-8")
    (folder / "LICENSE").write_text("MIT", encoding="utf-8")
    (folder / frontend.MARKER).write_text(pkg.integrity, encoding="utf-8")


def test_the_site_ships_the_cartesian_bundle_when_it_fits(tmp_path):
    wheel = vendor.plotly_version(vendor.plotly_js())
    fake_cartesian(tmp_path, wheel)
    bundle = vendor.plotly_bundle({"scatter", "bar", "heatmap"}, tmp_path)
    assert bundle.js == tmp_path / vendor.CARTESIAN / "plotly-cartesian.min.js"
    assert bundle.label == f"plotly.js {wheel}, cartesian bundle"


@pytest.mark.parametrize("installed, traces, reason", [
    (None, {"scatter"}, "the cartesian bundle is not installed"),
    ("0.0.1", {"scatter"}, "the cartesian bundle is plotly.js 0.0.1, the plotly wheel draws for"),
    ("wheel", {"scatter", "sunburst"}, "the lessons draw sunburst, which the cartesian bundle"),
])
def test_otherwise_it_ships_the_full_bundle_and_says_why(tmp_path, installed, traces, reason):
    wheel = vendor.plotly_version(vendor.plotly_js())
    if installed:
        fake_cartesian(tmp_path, wheel if installed == "wheel" else installed)
    bundle = vendor.plotly_bundle(traces, tmp_path)
    assert bundle.js == vendor.plotly_js()
    assert bundle.label.startswith(f"plotly.js {wheel}, full bundle (")
    assert reason in bundle.label


def test_a_download_that_keeps_failing_is_named_after_three_tries(monkeypatch):
    tries = []

    def refuse(url, timeout):
        tries.append(url)
        raise frontend.urllib.error.URLError("connection refused")

    monkeypatch.setattr(frontend.urllib.request, "urlopen", refuse)
    monkeypatch.setattr(frontend.time, "sleep", lambda s: None)
    with pytest.raises(frontend.FrontendError,
                       match=r"cannot download https://x\.example/a\.tgz after 3 tries "
                             r"\(<urlopen error connection refused>\)"):
        frontend.download("https://x.example/a.tgz")
    assert len(tries) == 3


@pytest.mark.parametrize("has_data_filter", [True, False])
def test_unpacking_works_with_and_without_tarfiles_data_filter(
        tmp_path, registry, monkeypatch, has_data_filter):
    """Debian 12's Python 3.11.2 has no tarfile data filter (3.11.4+): the installer checks
    the members itself there, and refuses an entry that would land outside the package."""
    if not has_data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    store, _, fetch = registry
    good = tarball({"lib.js": "ok"})
    store["https://registry.npmjs.org/lib/-/lib-1.0.0.tgz"] = good
    lock = write_lock(tmp_path / "package-lock.json",
                      {"lib": {"version": "1.0.0", "integrity": sri(good)}})
    assert frontend.install(lock, tmp_path / "mods", fetch) == ["lib@1.0.0"]
    assert (tmp_path / "mods" / "lib" / "lib.js").read_text() == "ok"

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("package/../../escaped.js")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"no"))
    bad = buf.getvalue()
    store["https://registry.npmjs.org/evil/-/evil-1.0.0.tgz"] = bad
    lock = write_lock(tmp_path / "evil-lock.json",
                      {"evil": {"version": "1.0.0", "integrity": sri(bad)}})
    with pytest.raises(frontend.FrontendError, match="evil"):
        frontend.install(lock, tmp_path / "mods", fetch)
    assert not (tmp_path / "escaped.js").exists()
