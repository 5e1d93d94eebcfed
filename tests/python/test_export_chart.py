"""examples/python/export_chart.py draws a PNG from exports of the demo
district (skipped when matplotlib is not installed); the Python blocks of
docs/export.md run on it as written."""
import os
import subprocess
import sys

import pytest


def test_the_chart_example_draws_a_png_of_the_demo(tmp_path):
    pytest.importorskip("matplotlib")
    build, src = os.environ["top_builddir"], os.environ["top_srcdir"]
    db, png = tmp_path / "demo.db", tmp_path / "chart.png"
    subprocess.run([os.path.join(build, "commpolice"), "demo", str(db)], check=True, cwd=src,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, os.path.join(src, "examples/python/export_chart.py"),
                          str(db), str(png), "1"], check=True, capture_output=True, text=True)
    assert "3 months of office 1, 12 scores" in out.stdout
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_python_blocks_of_docs_export_md_run_on_the_demo(tmp_path):
    build, src = os.environ["top_builddir"], os.environ["top_srcdir"]
    subprocess.run([os.path.join(build, "commpolice"), "demo", str(tmp_path / "demo.db")],
                   check=True, cwd=src, stdout=subprocess.DEVNULL)
    (tmp_path / "project.key").write_bytes(os.urandom(32))
    with open(os.path.join(src, "docs/export.md"), encoding="utf-8") as f:
        text = f.read()
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    assert blocks, "no python blocks in docs/export.md"
    for code in blocks:
        out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                             capture_output=True, text=True)
        assert "k = " in out.stdout
