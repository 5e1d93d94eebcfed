#!/usr/bin/env python3
"""Write the type stubs of the parts of commpolice that Python cannot read.

Usage: gen_stubs.py OUTDIR core_wrap.c   (with the built package importable)

Writes OUTDIR/core.pyi, the stub of the SWIG-generated ``commpolice.core``
as the package leaves it once imported (the idiom layer replaces some of
its methods and adds others), and OUTDIR/errors.pyi, the exception
classes made at import from the library's table of error codes.

The types come from the C declarations SWIG wrapped: the Python proxy
(built with ``%feature("autodoc", "1")``) carries each function's C
signature in its docstring, ``name(Database self, char const * on,
long long office_id=0) -> OwedList``, and each member's C type in its
property's doc. The C types map to Python types as the typemaps of
bindings/*.i convert them (ids and codes to int, text to str, the
module's own structs to their proxy classes). A wrapper that appends
outputs (the ``*OUT_*``/``**REF`` typemaps of rules.i, read from
core_wrap.c) returns a tuple the signature does not show: typed Any.
So are the few functions SWIG wraps as ``*args``. Nothing here is
written by hand per function: a new wrapped function gets its stub at
the next build.
"""

import importlib
import inspect
import os
import re
import sys

# C type (as SWIG's autodoc writes it) -> Python type. Pointers to the
# module's proxy classes are found by name; the rest are here.
C_TYPES = {
    "char const *": "str", "char *": "str", "p.q(const).char": "str", "p.char": "str",
    "int": "int", "long": "int", "long long": "int", "unsigned int": "int",
    "unsigned long long": "int", "int64_t": "int", "int32_t": "int", "uint32_t": "int",
    "size_t": "int", "cpol_id": "int", "cpol_status": "int", "cpol_pop_id": "int",
    "cpol_idres": "int", "unsigned long": "int",
    "double": "float", "float": "float",
    "cpol_swig_bool": "bool", "bool": "bool",
    # bindings/commpolice.i: dates are datetime.date (None for none); text in
    "cpol_date": "date",
    "void": "None",
    # bindings/rules.i: a rule's origin as a dict, a rules value as it is typed
    "cpol_rule_ref const *": "dict[str, Any] | None",
    "cpol_swig_value": "bool | int | float | str | None",
    # bindings/org.i: a record as a dict, a list of them, or a value
    "cpol_pop_val *": "Any",
    "PyObject *": "Any",
}

SIGNATURE = re.compile(r"^(\w+)\((.*)\)(?: -> (.+))?$")
PARAM = re.compile(r"^(.*?)\s*(\w+)(?:=(.*))?$")
MEMBER = re.compile(r"^(\w+) : (.+)$")


def py_type(ctype, classes, default=None, returning=False):
    ctype = " ".join(ctype.split())
    if ctype in classes:
        t = ctype
    elif ctype.endswith(" *") and ctype[:-2] in classes:
        t = ctype[:-2]
    elif re.match(r"^cpol_\w+$", ctype) and ctype not in C_TYPES:
        # A cpol_ type by value that is neither listed nor a class: an enum
        # of a header (CPOL_HEADER_BEGIN in commpolice.i), read as its code.
        t = "int"
    else:
        t = C_TYPES.get(ctype, "Any")
    if t == "Any":
        return t
    # Text arguments take a datetime.date too (the const char * typemap of
    # bindings/commpolice.i passes its ISO text).
    if t == "str" and not returning:
        t = "str | date"
    # A date argument takes its text too, and None for "no date"; a date
    # result is None where the C value is CPOL_DATE_NONE.
    if t == "date":
        return "date | None" if returning else "date | str | None"
    # Text may be NULL: None in where the default is None, None out.
    # A function returning an object raises instead of returning NULL
    # (CPOL_RAISING_CONSTRUCTOR and the holders' checks in bindings/*.i).
    if default == "None" or (returning and t == "str"):
        t += " | None"
    return t


def split_params(text):
    """The parameters of a signature: commas outside parentheses
    (a default may be ``int("0600", 8)``)."""
    params, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            params.append(cur.strip())
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    if cur.strip():
        params.append(cur.strip())
    return params


def appending_wrappers(wrap_c):
    """Names of the wrappers that append outputs to their result."""
    found = set()
    for m in re.finditer(r"SWIGINTERN PyObject \*_wrap_(\w+)\(.*?\n}\n", wrap_c, re.S):
        if "SWIG_Python_AppendOutput" in m.group(0):
            found.add(m.group(1))
    return found


def python_signature(fn, is_method, indent, name=None):
    """A function of the idiom layer: its names and defaults, types from
    its annotations where it has them, Any elsewhere. ``name`` is the one
    it is reached by (the idiom layer sets ``_duty_problem_load`` as
    ``duty_problem_load``)."""
    name = name or fn.__name__
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return "%sdef %s(%s*args: Any, **kwargs: Any) -> Any: ..." % (
            indent, name, "self, " if is_method else "")
    out = []
    star = False
    for i, p in enumerate(sig.parameters.values()):
        if i == 0 and is_method:
            out.append(p.name)
            continue
        t = "Any"
        if p.annotation is not inspect.Parameter.empty:
            t = inspect.formatannotation(p.annotation)
        if p.kind is p.VAR_POSITIONAL:
            out.append("*%s: %s" % (p.name, t))
            star = True
        elif p.kind is p.VAR_KEYWORD:
            out.append("**%s: %s" % (p.name, t))
        else:
            if p.kind is p.KEYWORD_ONLY and not star:
                out.append("*")
                star = True
            out.append("%s: %s%s" % (p.name, t, " = ..." if p.default is not p.empty else ""))
    ret = "Any"
    if sig.return_annotation is not inspect.Signature.empty:
        ret = inspect.formatannotation(sig.return_annotation)
    return "%sdef %s(%s) -> %s: ..." % (indent, name, ", ".join(out), ret)


def swig_signature(name, doc, classes, appending, wrapper, is_method, indent):
    """A SWIG proxy: its C signature, from the autodoc docstring."""
    # The signatures are the docstring's first paragraph; the header's doc
    # comment (gen_docstrings.py) follows a blank line.
    head = (doc or "").lstrip().split("\n\n", 1)[0]
    lines = [ln for ln in head.splitlines() if SIGNATURE.match(ln)]
    if len(lines) != 1:
        # Overloads, or a function SWIG did not describe: anything goes.
        return "%sdef %s(%s*args: Any, **kwargs: Any) -> Any: ..." % (
            indent, name, "self, " if is_method else "")
    m = SIGNATURE.match(lines[0])
    params = split_params(m.group(2))
    if is_method and params and params[0].endswith(" self"):
        params = params[1:]
    out = ["self"] if is_method else []
    for p in params:
        ctype, pname, default = PARAM.match(p).groups()
        out.append("%s: %s%s" % (pname, py_type(ctype, classes, default),
                                 " = ..." if default is not None else ""))
    if name == "__init__":
        ret = "None"
    elif wrapper in appending:
        ret = "Any"  # a tuple of the result and the outputs appended to it
    else:
        ret = py_type(m.group(3) or "void", classes, returning=True)
    return "%sdef %s(%s) -> %s: ..." % (indent, name, ", ".join(out), ret)


DUNDERS = {
    "__enter__": "    def __enter__(self) -> {cls}: ...",
    "__exit__": "    def __exit__(self, *exc: Any) -> Any: ...",
    "__iter__": "    def __iter__(self) -> Any: ...",
    "__next__": "    def __next__(self) -> Any: ...",
    "__len__": "    def __len__(self) -> int: ...",
    "__getitem__": "    def __getitem__(self, key: Any) -> Any: ...",
    "__contains__": "    def __contains__(self, key: Any) -> bool: ...",
}


def is_swig_proxy(fn, core):
    return getattr(fn, "__module__", None) == core.__name__ and \
        (fn.__doc__ or "").lstrip().startswith(fn.__name__ + "(")


def core_stub(core, appending):
    classes = {n for n, v in vars(core).items() if inspect.isclass(v) and not n.startswith("_")}
    lines = ['"""Type stub of commpolice.core (the SWIG layer, as the package leaves it),',
             'written by bindings/python/gen_stubs.py from the C signatures."""',
             "from datetime import date", "from typing import Any", ""]
    for name, v in sorted(vars(core).items()):
        if name.startswith("_swig") or name.startswith("__") or name == "_core":
            continue
        if inspect.isfunction(v) or inspect.isbuiltin(v):
            if is_swig_proxy(v, core):
                lines.append(swig_signature(name, v.__doc__, classes, appending, name, False, ""))
            else:
                lines.append(python_signature(v, False, "", name))
        elif isinstance(v, int) and not isinstance(v, bool) and not name.startswith("_"):
            lines.append("%s: int" % name)
        elif not name.startswith("_") and not inspect.ismodule(v) and not inspect.isclass(v):
            lines.append("%s: Any" % name)  # SWIG's cvar, tables the module keeps
    for cname in sorted(classes):
        cls = getattr(core, cname)
        if cls.__module__ != core.__name__:
            continue
        lines += ["", "class %s:" % cname]
        body = []
        for name, v in sorted(vars(cls).items()):
            if name in DUNDERS:
                body.append(DUNDERS[name].format(cls=cname))
                continue
            if name == "__swig_destroy__":
                body.append("    __swig_destroy__: Any")
                continue
            if name.startswith("_") and name != "__init__":
                continue
            if name == "thisown":
                body.append("    thisown: bool")
                continue
            if isinstance(v, property):
                mm = MEMBER.match(v.__doc__ or "")
                t = py_type(mm.group(2), classes, returning=True) if mm else "Any"
                if v.fset is None:  # the records' members are read-only
                    body += ["    @property", "    def %s(self) -> %s: ..." % (name, t)]
                else:
                    body.append("    %s: %s" % (name, t))
            elif isinstance(v, staticmethod):
                body.append("    @staticmethod")
                body.append(python_signature(v.__func__, False, "    ", name))
            elif inspect.isfunction(v):
                if is_swig_proxy(v, core):
                    body.append(swig_signature(name, v.__doc__, classes, appending,
                                               "new_" + cname if name == "__init__" else
                                               cname + "_" + name, True, "    "))
                else:
                    body.append(python_signature(v, True, "    ", name))
        lines += body or ["    ..."]
    return "\n".join(lines) + "\n"


def errors_stub(errors):
    lines = ['"""Type stub of commpolice.errors, written by bindings/python/gen_stubs.py',
             'from the library\'s table of error codes."""',
             "", "class Error(Exception):",
             "    code: int", "    name: str", "    message: str", "    field: str | None",
             "    file: str | None", "    line: int", "    column: int",
             "    def __init__(self, message: str, field: str | None = ..., file: str | None = ...,",
             "                 line: int = ..., column: int = ...) -> None: ...", ""]
    for name in errors.__all__:
        cls = getattr(errors, name)
        if cls is errors.Error:
            continue
        bases = ", ".join(b.__name__ for b in cls.__bases__)
        lines.append("class %s(%s): ..." % (name, bases))
    lines.append("")
    lines.append("__all__ = [%s]" % ", ".join(repr(n) for n in errors.__all__))
    return "\n".join(lines) + "\n"


def main():
    outdir, wrap_c = sys.argv[1], sys.argv[2]
    # The built package, not the sources beside this script (which lack core).
    here = os.path.realpath(os.path.dirname(__file__))
    sys.path = [p for p in sys.path if os.path.realpath(p or ".") != here]
    pkg = importlib.import_module("commpolice")
    with open(wrap_c, encoding="utf-8") as f:
        appending = appending_wrappers(f.read())
    for name, text in (("core.pyi", core_stub(pkg.core, appending)),
                       ("errors.pyi", errors_stub(pkg.errors))):
        with open("%s/%s" % (outdir, name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
