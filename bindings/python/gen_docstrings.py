#!/usr/bin/env python3
"""Write the Python docstrings of the SWIG layer from the headers' doc comments.

Usage: gen_docstrings.py OUT.i HEADER_DIR BINDINGS_DIR

The public headers (include/commpolice/*.h) document every function and
record struct with a Doxygen comment. SWIG's -doxygen reads such comments
only on the declarations it parses, and most of the wrappers in
bindings/*.i are written over the C calls (``%extend`` methods on the
handle holders, ``%inline`` functions building dicts), so this script does
what -doxygen would for them: for each wrapper it finds the public C
function the wrapper calls (the first one the headers document, leaving
out error, init and free helpers) and writes a ``%feature("docstring")``
holding the wrapper's own comment, then that function's doc comment,
params and returns as text. Record structs restated in the .i files get
their header struct's doc. SWIG puts the docstring after the C signature
that ``%feature("autodoc", "1")`` writes first, which
bindings/python/gen_stubs.py reads.

The output is %include'd by bindings/commpolice.i before any declaration
(a %feature attaches by name to the declarations parsed after it). Nothing
is written per function by hand: a new wrapper gets its doc at the next
build.
"""

import glob
import os
import re
import sys

# C functions a wrapper calls that say nothing about what it does.
HELPERS = re.compile(r"^cpol_(error_\w+|strerror|\w+_free|\w+_init|date_(parse|format|split)"
                     r"|rules_load_region|db_(begin|commit|rollback)|\w+_iter_(next|free))$")

WORDS = re.compile(r"^cpol_\w+_(parse|name)$")

DOC_FN = re.compile(r"/\*\*(.*?)\*/\s*(?:CPOL_DEPRECATED\([^)]*\)\s*)?CPOL_EXTERN\s+[^;{(]*?\b(cpol_\w+)\s*\(",
                    re.S)
DOC_STRUCT = re.compile(r"/\*\*(.*?)\*/\s*typedef\s+struct\s+(cpol_\w+)\s*\{", re.S)


def comment_text(raw):
    """A Doxygen comment as plain text: description, then the parameters
    and the return, one per line."""
    lines = [re.sub(r"^\s*\*\s?", "", ln).rstrip() for ln in raw.strip("*").splitlines()]
    desc, params, ret, cur = [], [], [], None
    for ln in lines:
        m = re.match(r"@param(?:\[\w+\])?\s+(\w+)\s*(.*)", ln)
        if m:
            cur = [m.group(1), m.group(2)]
            params.append(cur)
            continue
        m = re.match(r"@(return|returns)\s*(.*)", ln)
        if m:
            cur = ret
            ret.append(m.group(2))
            continue
        if re.match(r"@(brief|file)\b", ln):
            ln = re.sub(r"@brief\s*", "", ln)
            if ln.startswith("@file"):
                continue
        if cur is None:
            desc.append(ln)
        elif cur is ret:
            ret.append(ln.strip())
        elif ln.strip():
            cur[1] += " " + ln.strip()
        else:
            cur = None
            desc.append("")
    text = "\n".join(desc).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    out = [text] if text else []
    if params:
        out.append("Parameters (C):\n" + "\n".join(
            "    %s: %s" % (n, " ".join(t.split())) for n, t in params))
    if ret and " ".join(ret).strip():
        out.append("Returns (C): " + " ".join(" ".join(ret).split()))
    return "\n\n".join(out)


def header_docs(header_dir):
    """{function or struct name: (doc text, header file name)}, and the
    names of the structs."""
    docs, structs = {}, set()
    for path in sorted(glob.glob(os.path.join(header_dir, "*.h"))):
        text = open(path, encoding="utf-8").read()
        name = os.path.basename(path)
        for rx in (DOC_FN, DOC_STRUCT):
            for m in rx.finditer(text):
                # The last /** */ before the declaration is its own.
                raw = m.group(1).split("/**")[-1]
                docs.setdefault(m.group(2), (comment_text(raw), name))
                if rx is DOC_STRUCT:
                    structs.add(m.group(2))
    return docs, structs


def block_end(text, start):
    """The index just past the brace that closes the one at text[start]."""
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


FUNC = re.compile(r"(?:/\*((?:(?!\*/).)*)\*/\s*)?^[ \t]*(?:static\s+)?(?:const\s+)?[A-Za-z_][\w ]*?[\s*]"
                  r"(\w+)\s*\(([^;{}]*?)\)\s*\{", re.S | re.M)


def wrappers(text, scope):
    """(scope, name, own comment, body) of each function defined in text."""
    pos = 0
    while True:
        m = FUNC.search(text, pos)
        if not m:
            return
        end = block_end(text, m.end() - 1)
        name = m.group(2)
        if name not in ("if", "for", "while", "switch", "return", "sizeof"):
            comment = " ".join((m.group(1) or "").replace("*", " ").split())
            yield scope, name, comment, text[m.end():end]
        pos = end


def binding_wrappers(bindings_dir):
    out = []
    for path in sorted(glob.glob(os.path.join(bindings_dir, "*.i"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"%extend\s+(\w+)\s*\{", text):
            body = text[m.end() - 1:block_end(text, m.end() - 1)]
            out += list(wrappers(body[1:-1], m.group(1)))
        for m in re.finditer(r"%inline\s+%\{(.*?)%\}", text, re.S):
            out += list(wrappers(m.group(1), None))
        for m in re.finditer(r"^[^%#/\s{}][^;{}()]*?\b(cpol_\w+)\s*\([^;{}]*\)\s*;", text, re.M):
            out.append((None, m.group(1), "", " %s(" % m.group(1)))
    return out


def quote(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def main():
    out_path, header_dir, bindings_dir = sys.argv[1:4]
    docs, structs = header_docs(header_dir)
    lines = ["/* Written by bindings/python/gen_docstrings.py from the headers' doc",
             " * comments; %include'd by bindings/commpolice.i. Do not edit. */"]
    seen = set()
    for scope, name, comment, body in binding_wrappers(bindings_dir):
        target = "%s::%s" % (scope, name) if scope else name
        if target in seen or name.startswith("~"):
            continue
        called = [c for c in re.findall(r"\b(cpol_\w+)\s*\(", body)
                  if c in docs and not HELPERS.match(c)]
        # A word parsed or named on the way is not what the wrapper does,
        # unless that is all it does.
        called = [c for c in called if not WORDS.match(c)] or called
        if not called and not comment:
            continue
        seen.add(target)
        parts = [comment] if comment else []
        if called:
            doc, header = docs[called[0]]
            parts.append("Wraps %s() (commpolice/%s):\n\n%s" % (called[0], header, doc))
        # A blank line first: SWIG writes the docstring on the line after
        # the autodoc signature, and the signature is a paragraph of its own.
        lines.append("%%feature(\"docstring\") %s %s;" % (target, quote("\n" + "\n\n".join(parts))))
    # Record structs: the class's docstring is its header struct's.
    for name in sorted(structs):
        lines.append("%%feature(\"docstring\") %s %s;" % (
            name, quote("%s (commpolice/%s)\n\n%s" % (name, docs[name][1], docs[name][0]))))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
