"""The front-end bundles the server ships (YASGUI, sigma.js + graphology; issue #14 items 4 and 11)
are the ones ``web/package-lock.json`` pins, are in the package, and point at no CDN."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "ruhrgraph" / "publish" / "serve" / "static"
TEMPLATES = STATIC.parent / "templates"


def test_dependencies_are_pinned_and_the_bundles_say_which() -> None:
    package = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version}: pin an exact version"
        assert lock[f"node_modules/{name}"]["version"] == version, name
    shipped = (STATIC / "vendor" / "VERSIONS.txt").read_text(encoding="utf-8")
    for name in ("@zazuko/yasgui", "sigma", "graphology"):
        assert f"{name} {package['dependencies'][name]}\n" in shipped, f"{name}: rebuild with `make web`"


def test_pages_load_only_files_of_the_package() -> None:
    referenced = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://[^"']*\.(js|css)""", text), template.name
        referenced |= set(re.findall(r"""\{\{ root \}\}/static/([^"']+)""", text))
    assert {"vendor/yasgui.min.js", "vendor/yasgui.min.css", "sparql.js", "vendor/network.min.js"} <= referenced
    for name in referenced:
        assert (STATIC / name).is_file(), name
    for bundle in ("yasgui.min.js", "yasgui.min.css", "network.min.js"):
        text = (STATIC / "vendor" / bundle).read_text(encoding="utf-8")
        assert not re.search(r"unpkg\.com|jsdelivr\.net|cdnjs|googleapis\.com|sourceMappingURL", text), bundle
