"""The vendored renderer is what its lock file says: sigma.js and graphology at pinned versions,
bundled by ``graphkit/views/vendor/build.mjs`` (``make vendor-js``), with their licences."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import graphkit.views

VENDOR = Path(graphkit.views.__file__).parent / "vendor"


def _json(name: str) -> dict:
    return json.loads((VENDOR / name).read_text(encoding="utf-8"))


def test_bundle_is_the_file_the_build_recorded():
    manifest = _json("dist/manifest.json")
    bundle = (VENDOR / "dist" / manifest["file"]).read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == manifest["sha256"]
    # One script defining one global, minified, with no source map or request in it.
    assert bundle.startswith(b"var graphkitRenderer=")
    assert b"sourceMappingURL" not in bundle and b"fetch(" not in bundle and b"XMLHttpRequest" not in bundle


def test_bundled_versions_are_the_pinned_and_locked_ones():
    manifest, lock, package = _json("dist/manifest.json"), _json("package-lock.json"), _json("package.json")
    # package.json pins exact versions (no ranges), the lock agrees, and the bundle was built from them.
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert version[0].isdigit(), f"{name} is not pinned: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert manifest["packages"]["sigma"]["version"].startswith("3.")
    assert manifest["esbuild"] == package["devDependencies"]["esbuild"]
    for name, recorded in manifest["packages"].items():
        locked = lock["packages"][f"node_modules/{name}"]
        assert (recorded["version"], recorded["integrity"]) == (locked["version"], locked["integrity"])
        assert recorded["license"] == "MIT"


def test_every_bundled_package_ships_its_licence():
    manifest = _json("dist/manifest.json")
    for name in manifest["packages"]:
        text = (VENDOR / "dist" / "licenses" / f"{name}.LICENSE.txt").read_text(encoding="utf-8")
        assert "Permission is hereby granted, free of charge" in text
