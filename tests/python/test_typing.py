"""The type stubs (py.typed, core.pyi, errors.pyi), checked by Debian's mypy.

stubtest compares the stubs with the module as imported; mypy reads a
program written against the package the way a user would, and must pass
it, and must catch the mistakes the stubs are there to catch.
"""
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy", reason="Debian's python3-mypy is not installed")

import commpolice  # noqa: E402

STAGE = os.path.dirname(os.path.dirname(os.path.abspath(commpolice.__file__)))

GOOD = """\
import datetime
import commpolice
from commpolice import core

def open_office(path: str) -> int:
    with commpolice.Database(path, user="012345") as db:
        n: int = db.dispute_add(1, datetime.date(2024, 5, 2), "张三; 李四", "噪音")
        d = db.dispute_get(n)
        summary: str | None = d.summary
        try:
            db.notice_get(99)
        except commpolice.NotFoundError as e:
            where: str | None = e.file
            line: int = e.line + e.column
            assert isinstance(e, LookupError)
        return n + db.schema_version()

version: str | None = core.version()
"""

# Each line: a mistake, and what mypy must say of it.
BAD = [
    ('db.dispute_add("1", "2024-05-02", "a", "b")',
     'Argument 1 to "dispute_add" of "Database" has incompatible type "str"; expected "int"'),
    ('db.dispute_add(1, 20240502, "a", "b")',
     'Argument 2 to "dispute_add" of "Database" has incompatible type "int"; expected "Union[str, date]"'),
    ("except_class = commpolice.NotFoundErr",
     'Module has no attribute "NotFoundErr"'),
    ('total: str = db.schema_version()',
     'Incompatible types in assignment (expression has type "int", variable has type "str")'),
    ("d.summary = 'x'",
     'Property "summary" defined in "Dispute" is read-only'),
]


def run(args, cwd):
    env = dict(os.environ, MYPYPATH=STAGE)
    return subprocess.run([sys.executable] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_stubs_match_the_module(tmp_path):
    r = run(["-m", "mypy.stubtest", "--concise", "commpolice.core", "commpolice.errors"], tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_passes_a_typed_program_and_catches_mistakes(tmp_path):
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    bad = "import commpolice\ndb = commpolice.Database(':memory:')\nd = db.dispute_get(1)\n"
    bad += "\n".join(line for line, _ in BAD) + "\n"
    (tmp_path / "bad.py").write_text(bad, encoding="utf-8")
    common = ["-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary",
              "--show-error-codes", "--hide-error-context"]
    r = run(common + ["--strict", "good.py"], tmp_path)
    assert r.returncode == 0, textwrap.indent(r.stdout + r.stderr, "  ")
    r = run(common + ["bad.py"], tmp_path)
    out = r.stdout
    for lineno, (line, message) in enumerate(BAD, start=4):
        assert "bad.py:%d: error: %s" % (lineno, message) in out, (line, out)
    assert out.count(": error:") == len(BAD), out
