"""The exceptions of libcommpolice: :class:`Error` and one subclass per code.

Made from the library's table of error codes (``CPOL_ERROR_KINDS`` in
commpolice/error.h, read through ``core.error_kind_*``), so that a new
code gets its class without an edit here. Each class also derives from
the built-in exception a Python programmer would catch for it. The type
stub ``errors.pyi`` is written from the same table at build time
(bindings/python/gen_stubs.py).
"""

from . import core

__all__ = ["Error"]


class Error(Exception):
    """Base class of every libcommpolice error."""

    code = -1
    name = "CPOL_ERROR"

    def __init__(self, message, field=None, file=None, line=0, column=0):
        super().__init__(message)
        self.message = message
        self.field = field
        self.file = file
        self.line = line
        self.column = column

    def __repr__(self):
        where = ""
        if self.file:
            where = ", file=%r, line=%d, column=%d" % (self.file, self.line, self.column)
        if self.field:
            where += ", field=%r" % self.field
        return "%s(%r%s)" % (type(self).__name__, self.message, where)


# Each error class also derives from the built-in exception a Python
# programmer would catch for it (as pygit2 and sqlite3 do), so that
# ``except LookupError`` catches a record that is not there and
# ``except ValueError`` a bad argument, without importing commpolice.
_BUILTIN_BASES = {
    "CPOL_ENOMEM": MemoryError,
    "CPOL_EINVAL": ValueError,
    "CPOL_ENOTFOUND": LookupError,
    "CPOL_EEXISTS": ValueError,
    "CPOL_ECONSTRAINT": ValueError,
    "CPOL_EBUSY": TimeoutError,
    "CPOL_EIO": OSError,
    "CPOL_ERULES": ValueError,
    "CPOL_EPARSE": ValueError,
    "CPOL_EREADONLY": PermissionError,
    "CPOL_EMISUSE": RuntimeError,
    "CPOL_EUNSUPPORTED": NotImplementedError,
    "CPOL_EUSER": RuntimeError,
}


def _make_error_classes():
    by_code = {}
    for i in range(core.error_kind_count()):
        code = core.error_kind_code(i)
        if code >= 0 or code == -31:  # success and "no more items" are not errors
            continue
        cls_name = core.error_kind_class(i)
        builtin = _BUILTIN_BASES.get(core.error_kind_name(i))
        cls = type(cls_name, (Error, builtin) if builtin else (Error,), {
            "code": code,
            "name": core.error_kind_name(i),
            "__doc__": core.error_kind_description(i),
            "__module__": __name__,
        })
        globals()[cls_name] = cls
        __all__.append(cls_name)
        by_code[code] = cls
    return by_code


_ERROR_CLASSES = _make_error_classes()


def _error_factory(code, name, message, field, file, line, column):
    cls = _ERROR_CLASSES.get(code, Error)
    return cls(message, field=field, file=file, line=line, column=column)

