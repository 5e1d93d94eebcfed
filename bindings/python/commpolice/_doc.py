"""The idiom layer's methods carry the doc of the C function under them.

The SWIG proxies of ``commpolice.core`` have docstrings made from the
headers' doc comments (bindings/python/gen_docstrings.py): the C signature,
then the wrapper's own line and the C function's comment. A method this
package puts on a core class (``Database.region_add`` over
``core.pop_region_add``, ``Database.unit_list`` over ``Database.units``)
keeps its own short docstring and gets the proxy's header part appended,
so that ``help()`` shows what the library says of the call. The proxy is
found in the method's code: the first name it reads that is a documented
proxy of core (a module function, or a method of the same class).
"""

import inspect

_MARK = "\n\nFrom the C API:\n\n"


def _c_part(doc):
    """The part of a proxy's docstring after its C signature, or None."""
    parts = inspect.cleandoc(doc or "").split("\n\n", 1)
    return parts[1] if len(parts) == 2 and parts[1].strip() else None


def _names(code):
    """Names a function reads, its nested functions' too, in order."""
    out = list(code.co_names)
    for c in code.co_consts:
        if inspect.iscode(c):
            out += _names(c)
    return out


def _proxy_doc(fn, cls, core):
    for name in _names(fn.__code__):
        for owner in ((cls, core) if cls is not None else (core,)):
            raw = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
            if raw is None or raw is fn or getattr(raw, "__module__", None) != core.__name__:
                continue
            part = _c_part(getattr(raw, "__doc__", None))
            if part:
                return part
    return None


def adopt_c_docs(core):
    """Append to each idiom-layer method of core's classes the C doc of the
    proxy it calls. Idempotent."""
    for cls in [v for v in vars(core).values() if isinstance(v, type)]:
        for name, fn in list(vars(cls).items()):
            fn = getattr(fn, "__wrapped__", fn)
            if (name.startswith("_") or not inspect.isfunction(fn)
                    or fn.__module__ == core.__name__ or _MARK in (fn.__doc__ or "")):
                continue
            part = _proxy_doc(fn, cls, core)
            if part:
                own = inspect.cleandoc(fn.__doc__) if fn.__doc__ else ""
                fn.__doc__ = own + _MARK + part if own else part
