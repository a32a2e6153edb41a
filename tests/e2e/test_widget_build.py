"""web/widget.js is generated: `npm run build` in web/ bundles the ES modules of web/src/ with
esbuild (the version pinned in web/package.json and web/package-lock.json). This test builds
them again into a temporary file and requires the committed widget.js to be byte-identical, so
an edit of web/src/ without a rebuild, or a hand edit of widget.js, fails.

Needs npm (Debian's `npm` package) and, the first time, the npm registry for `npm ci`; no
trained model, no browser. Skipped only when npm is not on PATH.
"""
import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
BUNDLE = WEB / "widget.js"


def _npm(npm, *args, timeout):
    proc = subprocess.run([npm, *args], cwd=WEB, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"`npm {' '.join(args)}` in web/ failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    )
    return proc


def _esbuild_installed() -> bool:
    """web/node_modules holds esbuild at the version the lock file pins."""
    installed = WEB / "node_modules" / "esbuild" / "package.json"
    if not installed.is_file():
        return False
    locked = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    want = locked["packages"]["node_modules/esbuild"]["version"]
    return json.loads(installed.read_text(encoding="utf-8")).get("version") == want


def test_widget_js_is_the_build_of_src(tmp_path):
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH, so web/widget.js cannot be rebuilt from web/src/ "
                    "to compare (apt-get install npm)")
    if not _esbuild_installed():
        _npm(npm, "ci", "--no-audit", "--no-fund", timeout=600)

    committed = BUNDLE.read_bytes()
    out = tmp_path / "widget.js"
    # The build script ends with --outfile=widget.js; esbuild takes the last --outfile given.
    _npm(npm, "run", "build", "--", f"--outfile={out}", timeout=300)

    assert BUNDLE.read_bytes() == committed, "the build wrote web/widget.js instead of the temporary file"
    assert out.is_file(), f"the build made no {out}"
    built = out.read_bytes()
    if built != committed:
        diff = difflib.unified_diff(
            committed.decode("utf-8", "replace").splitlines(),
            built.decode("utf-8", "replace").splitlines(),
            "web/widget.js (committed)", "npm run build", lineterm="", n=2,
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(
            "web/widget.js is not the build of web/src/: run `npm run build` in web/ and commit "
            "widget.js together with the sources (never edit widget.js by hand).\n" + shown,
            pytrace=False,
        )
