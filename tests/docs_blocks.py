#!/usr/bin/env python3
"""Run the code blocks of README.md and docs/*.md, so that the docs stay true.

Usage: docs_blocks.py [--list] [--verbose] [FILE.md ...]   (default: README.md docs/*.md)

--list names the blocks without running them; --verbose shows what each
block printed.

Every fenced block whose language is c, python or lua is run:

* c: compiled against the built library and run. A block with its own
  ``main`` is compiled as it is; any other block becomes the body of a
  ``main`` that returns 0, after the headers a C user includes.
* python: run by the configured interpreter with the built package on
  PYTHONPATH.
* lua: run by lua5.4 with the built module on LUA_CPATH.

A block runs in a fresh temporary directory, with CPOL_RULES_PATH pointing
at the shipped region files and the ``commpolice`` command on PATH. What a
block needs from before (an open ``db``, an ``office`` id) is its context,
given by HTML comments, invisible on the rendered page, each starting
at the beginning of a line.

A page states once what its blocks of one language start from::

    <!-- doc-test setup python demo
    import commpolice
    db = commpolice.Database("demo.db", user="035100")
    office = 1
    -->

The first line names the language (c, python or lua) and, optionally,
``demo``: the block's directory then holds ``demo.db``, the database
``commpolice demo demo.db`` makes (made once a run, copied for each
block, so a block may write to it). The code after that line is put
before every later block of that language on the page, until the next
setup of that language (an empty one ends it). In C it goes into
``main``, and a C block with its own ``main`` gets no setup (it is a
whole program).

One block's own needs come in a comment right before it::

    <!-- doc-test context
    cpol_id house = 2;
    -->

is put after the setup and before the block's code; ``<!-- doc-test after
... -->``, also right before the block, is put after its code (a check of
what the block did). ``<!-- doc-test skip: REASON -->``
skips a block that cannot run by itself (a synopsis, an excerpt of a
larger program); the reason is printed, so skips stay few and visible.

C: a block (or setup, or context) may define functions before its
statements, as a reader would write them (a callback, then the call):
a definition starting at the first column and ending with a ``}`` in the
first column is put before ``main``, the rest inside it.

Environment: top_srcdir, top_builddir, PYTHON, LUA, CC, CFLAGS, LDFLAGS
(as make check sets them: a C block is built as the library was, so that
it links in a sanitizer build). PYTHON or LUA set but empty means the build has no binding for that
language: its blocks are not run. Exit status 1 when a block failed; 77
when none failed but some could not run (no shared library, no Python or
Lua binding); 0 when every block ran (or was skipped by a directive).
"""

import atexit
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\w+)\s*$")
# At the start of a line: an example indented in the text is not a directive.
DIRECTIVE = re.compile(r"^<!--\s*doc-test\s+(setup|context|after|skip)\b:?(.*?)-->", re.S | re.M)
LANGS = ("c", "python", "lua")
SETUP_FLAGS = ("demo",)
TIMEOUT = 120

C_PRELUDE = """#define _POSIX_C_SOURCE 200809L
#include <commpolice.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static inline void die(const char *message) { fprintf(stderr, "%s\\n", message); exit(1); }
"""

# A C function definition's first line, at the first column: a type and a
# name, then the parameters, no semicolon ("static int show(const x *f, void *p)").
C_FUNCTION = re.compile(r"^(?!(?:if|else|for|while|do|switch|return|goto)\b)"
                        r"[A-Za-z_][\w \t\*]*[\s\*][A-Za-z_]\w*\s*\([^;]*\)\s*\{?\s*$")
C_KEYWORD_START = re.compile(r"^(?:if|else|for|while|do|switch|return|goto)\b")


class DocError(Exception):
    """A directive that cannot be understood: the page is wrong, not the code."""


class Block:
    def __init__(self, path, line, lang, code, setup, flags, context, after, skip):
        self.path, self.line, self.lang, self.code = path, line, lang, code
        self.setup, self.flags = setup, flags
        self.context, self.after, self.skip = context, after, skip

    def where(self):
        return "%s:%d" % (self.path, self.line)


def parse_setup(path, lineno, body):
    """A setup directive's body: (language, flags, code)."""
    first, _, code = body.partition("\n")
    words = first.split()
    if not words or words[0] not in LANGS:
        raise DocError("%s:%d: doc-test setup needs a language (%s) on its first line"
                       % (path, lineno, ", ".join(LANGS)))
    for w in words[1:]:
        if w not in SETUP_FLAGS:
            raise DocError("%s:%d: doc-test setup %s: unknown word '%s' (known: %s)"
                           % (path, lineno, words[0], w, ", ".join(SETUP_FLAGS)))
    return words[0], tuple(words[1:]), code


def blocks_of(path):
    """The runnable blocks of one Markdown file, with their directives."""
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    out = []
    i = 0
    setups = {}  # language -> (flags, code), from a setup directive on
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
        # Directives between the previous block and this one apply to it
        # (a setup: to it and every later block of its language).
        between = text[consumed_to:offsets[i]]
        for d in DIRECTIVE.finditer(between):
            kind, body = d.group(1), d.group(2).strip("\n")
            if kind == "setup":
                lineno = text.count("\n", 0, consumed_to + d.start()) + 1
                slang, flags, code = parse_setup(path, lineno, body.lstrip(" \t"))
                if code.strip() or flags:
                    setups[slang] = (flags, code + "\n")
                else:
                    setups.pop(slang, None)
            elif kind == "skip":
                pending["skip"] = body.strip() or "no reason given"
            else:
                pending[kind] += body + "\n"
        consumed_to = offsets[j] if j < len(lines) else len(text)
        if lang in LANGS:
            flags, setup = setups.get(lang, ((), ""))
            out.append(Block(path, i + 1, lang, "\n".join(lines[start:j]) + "\n", setup, flags,
                             pending["context"], pending["after"], pending["skip"]))
        pending = {"context": "", "after": "", "skip": None}
        i = j + 1
    return out


def c_split(code):
    """C text as (definitions for file scope, statements for main)."""
    lines = code.split("\n")
    top, inner = [], []
    k = 0
    while k < len(lines):
        ln = lines[k]
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if ln.startswith("#include"):
            top.append(ln)
            k += 1
            continue
        if C_FUNCTION.match(ln) and (ln.rstrip().endswith("{") or nxt.strip() == "{"):
            end = k + 1
            while end < len(lines) and lines[end].rstrip() != "}":
                end += 1
            top.extend(lines[k:end + 1])
            k = end + 1
            continue
        inner.append(ln)
        k += 1
    return "\n".join(top) + "\n", "\n".join(inner) + "\n"


def c_source(b):
    """The C program of a block: the prelude, then the block in its main."""
    if re.search(r"\bint\s+main\s*\(", b.code):
        return C_PRELUDE + b.context + b.code + b.after
    parts = [c_split(t) for t in (b.setup, b.context, b.code, b.after)]
    return (C_PRELUDE + "".join(top for top, _ in parts) + "int main(void)\n{\n"
            + "".join(inner for _, inner in parts) + "return 0;\n}\n")


def env_for(builddir, srcdir):
    env = dict(os.environ)
    env["CPOL_RULES_PATH"] = os.path.join(srcdir, "data", "regions")
    env["PYTHONPATH"] = os.path.join(builddir, "bindings", "python", "stage")
    env["LUA_CPATH"] = os.path.join(builddir, "bindings", "lua", ".libs", "?.so") + ";;"
    env["LD_LIBRARY_PATH"] = os.path.join(builddir, "lib", ".libs")
    env["PATH"] = builddir + os.pathsep + env.get("PATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # A block ends without closing what its page's setup opened: under
    # LeakSanitizer (a sanitizer build) that is no leak of the library's.
    env["ASAN_OPTIONS"] = ":".join(o for o in (env.get("ASAN_OPTIONS", ""), "detect_leaks=0") if o)
    return env


class Demo:
    """The demo database, made once a run by `commpolice demo`, copied for each block."""

    def __init__(self, env):
        self.env, self.path, self.error = env, None, None

    def copy_to(self, directory):
        if self.path is None and self.error is None:
            cache = tempfile.mkdtemp(prefix="cpol-doc-demo-")
            atexit.register(shutil.rmtree, cache, True)
            path = os.path.join(cache, "demo.db")
            r = subprocess.run(["commpolice", "demo", path], capture_output=True, text=True,
                               cwd=cache, env=self.env, timeout=TIMEOUT)
            if r.returncode != 0:
                self.error = "commpolice demo failed (exit status %d):\n%s" % (r.returncode,
                                                                              r.stderr[-2000:])
            else:
                self.path = path
        if self.error:
            return self.error
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                shutil.copy(self.path + suffix, os.path.join(directory, "demo.db" + suffix))
        return None


def run_block(b, builddir, srcdir, env, demo):
    """Run one block: (None, its output) on success, else (the failure's text, None)."""
    with tempfile.TemporaryDirectory(prefix="cpol-doc-") as tmp:
        if "demo" in b.flags:
            why = demo.copy_to(tmp)
            if why:
                return why, None
        if b.lang == "c":
            cfile = os.path.join(tmp, "block.c")
            with open(cfile, "w", encoding="utf-8") as f:
                f.write(c_source(b))
            exe = os.path.join(tmp, "block")
            cc = shlex.split(os.environ.get("CC") or "cc")
            cmd = (cc + ["-std=c11"] + shlex.split(os.environ.get("CFLAGS", ""))
                   + ["-Wall", "-Werror=implicit-function-declaration",
                      "-I", os.path.join(srcdir, "include"), cfile, "-o", exe]
                   + shlex.split(os.environ.get("LDFLAGS", ""))
                   + ["-L", os.path.join(builddir, "lib", ".libs"), "-lcommpolice"])
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env)
            if r.returncode != 0:
                return "does not compile:\n" + r.stderr, None
            cmd = [exe]
        elif b.lang == "python":
            pyfile = os.path.join(tmp, "block.py")
            with open(pyfile, "w", encoding="utf-8") as f:
                f.write(b.setup + b.context + b.code + b.after)
            cmd = [os.environ.get("PYTHON") or "/usr/bin/python3", pyfile]
        else:
            luafile = os.path.join(tmp, "block.lua")
            with open(luafile, "w", encoding="utf-8") as f:
                f.write(b.setup + b.context + b.code + b.after)
            cmd = [os.environ.get("LUA") or "lua5.4", luafile]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "timed out after %d s" % TIMEOUT, None
        if r.returncode != 0:
            return ("exit status %d:\n%s%s" % (r.returncode, r.stdout[-2000:], r.stderr[-2000:]),
                    None)
    return None, r.stdout + r.stderr


def unavailable(builddir):
    """Languages this build cannot run, each with the reason."""
    out = {}
    for name in ("PYTHON", "LUA"):  # configure's "not found" is ":"
        if os.environ.get(name) == ":":
            os.environ[name] = ""
    if "PYTHON" in os.environ and not os.environ["PYTHON"]:
        out["python"] = "the build has no Python binding"
    elif not os.path.exists(os.path.join(builddir, "bindings", "python", "stage", "commpolice",
                                         "__init__.py")):
        out["python"] = "the Python package is not staged (make check builds it)"
    if "LUA" in os.environ and not os.environ["LUA"]:
        out["lua"] = "the build has no Lua binding"
    elif not glob.glob(os.path.join(builddir, "bindings", "lua", ".libs", "commpolice.so")):
        out["lua"] = "the Lua module is not built"
    return out


def main(argv):
    srcdir = os.environ.get("top_srcdir", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    builddir = os.environ.get("top_builddir", ".")
    srcdir, builddir = os.path.abspath(srcdir), os.path.abspath(builddir)
    listing = "--list" in argv
    verbose = "--verbose" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        files = [os.path.join(srcdir, "README.md")] + sorted(glob.glob(os.path.join(srcdir, "docs", "*.md")))
    if not listing and not glob.glob(os.path.join(builddir, "lib", ".libs", "libcommpolice.so*")):
        print("SKIP: no shared library in %s" % builddir)
        return 77
    env = env_for(builddir, srcdir)
    missing = unavailable(builddir)
    demo = Demo(env)
    counts = {"ran": 0, "failed": 0, "skipped": 0, "unavailable": 0}
    for path in files:
        try:
            blocks = blocks_of(path)
        except DocError as e:
            counts["failed"] += 1
            print("FAIL %s" % e)
            continue
        for b in blocks:
            rel = os.path.relpath(b.path, srcdir) + ":%d" % b.line
            if b.skip is not None:
                counts["skipped"] += 1
                print("skip %s %s: %s" % (b.lang, rel, b.skip))
                continue
            if listing:
                print("%s %s" % (b.lang, rel))
                continue
            if b.lang in missing:
                counts["unavailable"] += 1
                print("n/a  %s %s: %s" % (b.lang, rel, missing[b.lang]))
                continue
            why, output = run_block(b, builddir, srcdir, env, demo)
            counts["ran"] += 1
            if why is None:
                print("ok   %s %s" % (b.lang, rel))
                if verbose and output:
                    print("     " + output.rstrip("\n").replace("\n", "\n     "))
            else:
                counts["failed"] += 1
                print("FAIL %s %s: %s" % (b.lang, rel, why.rstrip()))
    print("%(ran)d blocks ran, %(failed)d failed, %(skipped)d skipped, "
          "%(unavailable)d not run for want of a binding" % counts)
    if counts["failed"]:
        return 1
    return 77 if counts["unavailable"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
