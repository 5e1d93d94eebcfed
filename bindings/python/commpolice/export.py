"""Research exports: masked, pseudonymised, k-anonymous, logged.

    >>> import commpolice
    >>> from commpolice.export import Export
    >>> with commpolice.Database("demo.db") as db:                  # doctest: +SKIP
    ...     ex = Export(db, "persons", key_file="project.key", min_k=5)
    ...     rows = list(ex)                  # dicts; pandas.DataFrame(rows) takes them
    ...     ex.k                             # the k-anonymity achieved

Rows come one at a time (a generator): memory stays flat however large the
dataset. See docs/export.md for profiles, datasets and what each operator
does.
"""

from . import core

__all__ = ["Export", "rows", "datasets"]


def datasets():
    """The datasets as a dict name -> description."""
    out = {}
    i = 0
    while True:
        name = core.export_dataset_name(i)
        if name is None:
            return out
        out[name] = core.export_dataset_description(name)
        i += 1


def _number(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v  # "*": a suppressed cell


class Export:
    """One export of a dataset; iterate it for the rows as dicts.

    ``profile`` is a profile name or a YAML file (default ``research``);
    ``key_file`` the project's pseudonymisation key; ``office``,
    ``date_from``, ``date_to`` (``"YYYY-MM-DD"``) filter; ``min_k`` asks for
    k-anonymity by households. The export is written to the database's
    export log when it starts and when the last row is read.
    """

    def __init__(self, db, dataset, profile=None, key_file=None, office=None,
                 date_from=None, date_to=None, min_k=0):
        self._db = db  # the cursor uses the handle: keep it alive
        self._cur = core.export_open(db, dataset, profile, key_file, office or 0,
                                   date_from, date_to, min_k)
        n = self._cur.column_count()
        self.columns = [self._cur.column_name(i) for i in range(n)]
        self._numeric = [bool(self._cur.column_is_number(i)) for i in range(n)]

    def __iter__(self):
        cur, cols, numeric = self._cur, self.columns, self._numeric
        idx = range(len(cols))
        while cur.step():
            row = {}
            for i in idx:
                v = cur.value(i)
                if v is not None and numeric[i]:
                    v = _number(v)
                row[cols[i]] = v
            yield row

    k = property(lambda self: self._cur.k(), doc="fewest households in a class (0: none declared)")
    rows = property(lambda self: self._cur.rows(), doc="rows given out so far")
    cells_suppressed = property(lambda self: self._cur.cells_suppressed())
    rows_withheld = property(lambda self: self._cur.rows_withheld())
    levels = property(lambda self: self._cur.levels(), doc="generalisation applied")
    log_id = property(lambda self: self._cur.log_id(), doc="the export_log row")
    key_id = property(lambda self: self._cur.key_id())
    profile_hash = property(lambda self: self._cur.profile_hash())

    def close(self):
        """Stop early; the log records the export as partial."""
        self._cur = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def rows(db, dataset, **options):
    """The rows of an export as dicts, one at a time (see :class:`Export`)."""
    yield from Export(db, dataset, **options)


def _db_export(self, dataset, **options):
    return Export(self, dataset, **options)


core.Database.export = _db_export
