#!/usr/bin/env python3
"""Run the code blocks of README.md and docs/*.md, so that the docs stay true.

Usage: docs_blocks.py [--list] [FILE.md ...]   (default: README.md docs/*.md)

Every fenced block whose language is c, python or lua is run:

* c: compiled against the built library and run. A block with its own
  ``main`` is compiled as it is; any other block becomes the body of a
  ``main`` that returns 0, after the headers a C user includes.
* python: run by the configured interpreter with the built package on
  PYTHONPATH.
* lua: run by lua5.4 with the built module on LUA_CPATH.

A block runs in a fresh temporary directory, with CPOL_RULES_PATH pointing
at the shipped region files and the ``commpolice`` command on PATH. What a
block needs from before (an open ``db``, an ``office`` id) is its context:
an HTML comment right before the block, invisible on the rendered page::

    <!-- doc-test context
    cpol_db *db; cpol_db_open(&db, ":memory:", NULL);
    -->

is put before the block's code (for C, inside ``main``), and
``<!-- doc-test after ... -->`` after it. ``<!-- doc-test skip: REASON -->``
skips a block that cannot run by itself (a synopsis, an excerpt of a
larger program); the reason is printed, so skips stay few and visible.

Environment: top_srcdir, top_builddir, PYTHON, LUA, CC (as make check sets
them). Exit status 0 when every block ran, 1 otherwise, 77 when the build
has no library to run against.
"""

import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\w+)\s*$")
DIRECTIVE = re.compile(r"<!--\s*doc-test\s+(context|after|skip)\b:?(.*?)-->", re.S)
LANGS = ("c", "python", "lua")
TIMEOUT = 120

C_PRELUDE = """#define _POSIX_C_SOURCE 200809L
#include <commpolice.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void die(const char *message) { fprintf(stderr, "%s\\n", message); exit(1); }
"""


class Block:
    def __init__(self, path, line, lang, code, context, after, skip):
        self.path, self.line, self.lang, self.code = path, line, lang, code
        self.context, self.after, self.skip = context, after, skip

    def where(self):
        return "%s:%d" % (self.path, self.line)


def blocks_of(path):
    """The runnable blocks of one Markdown file, with their directives."""
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    out = []
    i = 0
    pending = {"context": "", "after": "", "skip": None}
    consumed_to = 0  # offset in text up to which directives were read
    offset = 0
    offsets = []
    for ln in lines:
        offsets.append(offset)
        offset += len(ln) + 1
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang = m.group(1)
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        # Directives between the previous block and this one apply to it.
        between = text[consumed_to:offsets[i]]
        for d in DIRECTIVE.finditer(between):
            kind, body = d.group(1), d.group(2).strip("\n")
            if kind == "skip":
                pending["skip"] = body.strip() or "no reason given"
            else:
                pending[kind] += body + "\n"
        consumed_to = offsets[j] if j < len(lines) else len(text)
        if lang in LANGS:
            out.append(Block(path, i + 1, lang, "\n".join(lines[start:j]) + "\n",
                             pending["context"], pending["after"], pending["skip"]))
        pending = {"context": "", "after": "", "skip": None}
        i = j + 1
    return out


def env_for(builddir, srcdir):
    env = dict(os.environ)
    env["CPOL_RULES_PATH"] = os.path.join(srcdir, "data", "regions")
    env["PYTHONPATH"] = os.path.join(builddir, "bindings", "python", "stage")
    env["LUA_CPATH"] = os.path.join(builddir, "bindings", "lua", ".libs", "?.so") + ";;"
    env["LD_LIBRARY_PATH"] = os.path.join(builddir, "lib", ".libs")
    env["PATH"] = builddir + os.pathsep + env.get("PATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_block(b, builddir, srcdir, env):
    """Run one block; return None on success or the failure's text."""
    with tempfile.TemporaryDirectory(prefix="cpol-doc-") as tmp:
        if b.lang == "c":
            if re.search(r"\bint\s+main\s*\(", b.code):
                source = C_PRELUDE + b.context + b.code + b.after
            else:
                source = (C_PRELUDE + "int main(void)\n{\n" + b.context + b.code
                          + b.after + "\treturn 0;\n}\n")
            cfile = os.path.join(tmp, "block.c")
            with open(cfile, "w", encoding="utf-8") as f:
                f.write(source)
            exe = os.path.join(tmp, "block")
            cc = shlex.split(os.environ.get("CC", "cc"))
            cmd = cc + ["-std=c11", "-Wall", "-Werror=implicit-function-declaration",
                        "-I", os.path.join(srcdir, "include"), cfile, "-o", exe,
                        "-L", os.path.join(builddir, "lib", ".libs"), "-lcommpolice"]
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env)
            if r.returncode != 0:
                return "does not compile:\n" + r.stderr
            cmd = [exe]
        elif b.lang == "python":
            pyfile = os.path.join(tmp, "block.py")
            with open(pyfile, "w", encoding="utf-8") as f:
                f.write(b.context + b.code + b.after)
            cmd = [os.environ.get("PYTHON", "/usr/bin/python3"), pyfile]
        else:
            luafile = os.path.join(tmp, "block.lua")
            with open(luafile, "w", encoding="utf-8") as f:
                f.write(b.context + b.code + b.after)
            cmd = [os.environ.get("LUA", "lua5.4"), luafile]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "timed out after %d s" % TIMEOUT
        if r.returncode != 0:
            return "exit status %d:\n%s%s" % (r.returncode, r.stdout[-2000:], r.stderr[-2000:])
    return None


def main(argv):
    srcdir = os.environ.get("top_srcdir", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    builddir = os.environ.get("top_builddir", ".")
    srcdir, builddir = os.path.abspath(srcdir), os.path.abspath(builddir)
    listing = "--list" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        files = [os.path.join(srcdir, "README.md")] + sorted(glob.glob(os.path.join(srcdir, "docs", "*.md")))
    if not listing and not glob.glob(os.path.join(builddir, "lib", ".libs", "libcommpolice.so*")):
        print("SKIP: no shared library in %s" % builddir)
        return 77
    env = env_for(builddir, srcdir)
    counts = {"ran": 0, "failed": 0, "skipped": 0}
    for path in files:
        for b in blocks_of(path):
            rel = os.path.relpath(b.path, srcdir) + ":%d" % b.line
            if b.skip is not None:
                counts["skipped"] += 1
                print("skip %s %s: %s" % (b.lang, rel, b.skip))
                continue
            if listing:
                print("%s %s" % (b.lang, rel))
                continue
            why = run_block(b, builddir, srcdir, env)
            counts["ran"] += 1
            if why is None:
                print("ok   %s %s" % (b.lang, rel))
            else:
                counts["failed"] += 1
                print("FAIL %s %s: %s" % (b.lang, rel, why.rstrip()))
    print("%(ran)d blocks ran, %(failed)d failed, %(skipped)d skipped" % counts)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
