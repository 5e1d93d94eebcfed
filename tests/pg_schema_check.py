#!/usr/bin/env python3
"""The PostgreSQL schema keeps the invariants docs/postgresql.md promises.

Run by tests/pg_schema.sh in make check. Always, on the SQL text of the
migrations as PostgreSQL receives them (lib/schema/pg/NNN_x.sql where it
exists, else lib/schema/NNN_x.sql):

  1. every table has a placement (cpol_placement): 'distributed' by
     station_id, or 'reference';
  2. a distributed table has station_id NOT NULL, in its primary key, in
     every unique constraint and unique index, and its references to other
     distributed tables are (station_id, x) -> (station_id, id): what Citus
     requires to enforce them on one machine;
  3. no reference table refers to a distributed one (Citus refuses it);
  4. every table holding an office's records (an office_id column) is
     distributed, except the few named below with the reason;
  5. the tables and their columns are SQLite's, in SQLite's order, station_id
     added where distributed (the same records on both engines), and every
     SQLite reference is kept: a foreign key, or a reference that may cross
     stations listed in cpol_soft_reference with its cpol_soft_ref() trigger;
  6. a migration without a PostgreSQL form stays in the dialects' common
     subset (no SQLite-only function or syntax).

With CPOL_TEST_PG naming a database (and psql on PATH), the migrations are
applied there in a schema of their own, which is dropped after, and 1-3 are
checked again on the server's catalog, which sees what the parser might
miss.
"""
import os
import re
import subprocess
import sys

TOP = os.environ.get("top_srcdir") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCHEMA = os.path.join(TOP, "lib", "schema")
KEY = "station_id"

# Reference tables with an office_id column, and why they are not spread.
OFFICE_REFERENCE = {
    "district": "org structure: a few rows an office, read by every office's queries",
    "staff_assignment": "org structure: who works where, read across offices",
    "assess_result": "a region's scored run; office_id describes the subject, it does not own the row",
    "export_log": "office_id is the export's filter, not an owner",
}
# Tables only PostgreSQL has (docs/postgresql.md).
PG_ONLY = {"cpol_meta", "cpol_placement", "cpol_soft_reference", "audit_chain_head"}
# Not in the dialects' common subset: a migration using one needs a pg/ form.
SQLITE_ONLY = [r"\bifnull\s*\(", r"\btotal\s*\(", r"\bRAISE\s*\(", r"\bjulianday\s*\(", r"\bdate\s*\(",
               r"\bstrftime\s*\(", r"INTEGER\s+PRIMARY\s+KEY", r"\bBLOB\b", r"\bAUTOINCREMENT\b",
               r"\bPRAGMA\b", r"WITHOUT\s+ROWID", r"\bINSERT\s+OR\b", r"\bGLOB\b", r"\?\d",
               r"\bCREATE\s+TABLE\b", r"\bCREATE\s+TRIGGER\b", r"\bsqlite_"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def strip_comments(sql):
    sql = re.sub(r"--[^\n]*", "", sql)
    return sql


def migrations():
    """(number, shared path, path PostgreSQL receives) in order."""
    out = []
    for f in sorted(os.listdir(SCHEMA)):
        m = re.match(r"(\d{3})_.*\.sql$", f)
        if not m:
            continue
        own = os.path.join(SCHEMA, "pg", f)
        out.append((int(m.group(1)), os.path.join(SCHEMA, f), own if os.path.exists(own) else os.path.join(SCHEMA, f)))
    for f in sorted(os.listdir(os.path.join(SCHEMA, "pg"))):
        if not os.path.exists(os.path.join(SCHEMA, f)):
            fail("lib/schema/pg/%s has no lib/schema/%s: a PostgreSQL form replaces a migration, it adds none" % (f, f))
    return out


def split_top(s):
    """Split on commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def cols(s):
    return [c.strip().strip('"') for c in s.split(",")]


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []
        self.notnull = set()
        self.pk = None
        self.uniques = []     # lists of columns or expressions
        self.fks = []         # (cols, target, target cols)


def parse(sqls):
    """Tables, placements and a list of problems from the migrations' text."""
    tables, placements = {}, {}
    parse.soft, parse.soft_triggers = set(), set()
    for sql in sqls:
        sql = strip_comments(sql)
        for m in re.finditer(r"CREATE TABLE (\w+) \((.*?)\n\);", sql, re.S):
            t = Table(m.group(1))
            tables[t.name] = t
            for item in split_top(m.group(2)):
                word = item.split()[0].upper()
                if word == "PRIMARY":
                    t.pk = cols(re.search(r"\((.*)\)", item).group(1))
                elif word == "UNIQUE":
                    t.uniques.append(cols(re.search(r"\((.*)\)", item).group(1)))
                elif word == "FOREIGN":
                    fm = re.match(r"FOREIGN KEY \(([^)]*)\) REFERENCES (\w+) \(([^)]*)\)", item)
                    t.fks.append((cols(fm.group(1)), fm.group(2), cols(fm.group(3))))
                elif word in ("CHECK", "CONSTRAINT"):
                    pass
                else:
                    name = item.split()[0]
                    t.columns.append(name)
                    if re.search(r"NOT NULL|PRIMARY KEY", item):
                        t.notnull.add(name)
                    if "PRIMARY KEY" in item:
                        t.pk = [name]
                    if re.search(r"\bUNIQUE\b", item):
                        t.uniques.append([name])
                    rm = re.search(r"REFERENCES (\w+) \((\w+)\)", item)
                    if rm:
                        t.fks.append(([name], rm.group(1), [rm.group(2)]))
        for m in re.finditer(r"ALTER TABLE (\w+) ADD COLUMN (\w+)([^;]*);", sql):
            tables[m.group(1)].columns.append(m.group(2))
            if "NOT NULL" in m.group(3):
                tables[m.group(1)].notnull.add(m.group(2))
        for m in re.finditer(r"ALTER TABLE (\w+) ADD FOREIGN KEY \(([^)]*)\) REFERENCES (\w+) \(([^)]*)\)", sql):
            tables[m.group(1)].fks.append((cols(m.group(2)), m.group(3), cols(m.group(4))))
        for m in re.finditer(r"CREATE UNIQUE INDEX (\w+)\s+ON (\w+) \((.*?)\)\s*(WHERE[^;]*)?;", sql, re.S):
            tables[m.group(2)].uniques.append(split_top(m.group(3)))
        for m in re.finditer(r"INSERT INTO cpol_soft_reference \(table_name, column_name, target\) VALUES(.*?);",
                             sql, re.S):
            for tm in re.finditer(r"\('(\w+)', '(\w+)', '(\w+)'\)", m.group(1)):
                parse.soft.add(tm.groups())
        for m in re.finditer(r"CREATE TRIGGER (\w+)_soft_refs BEFORE INSERT OR UPDATE ON (\w+)\s+"
                             r"FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref\(([^)]*)\)", sql):
            if m.group(1) != m.group(2):
                fail("trigger %s_soft_refs is on %s" % (m.group(1), m.group(2)))
            args = re.findall(r"'(\w+)'", m.group(3))
            for i in range(0, len(args), 2):
                parse.soft_triggers.add((m.group(2), args[i], args[i + 1]))
        for m in re.finditer(r"INSERT INTO cpol_placement \(table_name, placement\) VALUES(.*?);", sql, re.S):
            for tm in re.finditer(r"\('(\w+)', '(\w+)'\)", m.group(1)):
                placements[tm.group(1)] = tm.group(2)
    return tables, placements


def check_placement(tables, placements, where):
    for name, t in sorted(tables.items()):
        p = placements.get(name)
        if p is None:
            fail("%s: table %s has no placement (INSERT INTO cpol_placement)" % (where, name))
            continue
        if p == "reference":
            for fcols, target, _ in t.fks:
                if placements.get(target) == "distributed":
                    fail("%s: reference table %s refers to distributed %s (%s): Citus refuses it"
                         % (where, name, target, ", ".join(fcols)))
            continue
        if KEY not in t.columns or KEY not in t.notnull:
            fail("%s: distributed table %s has no %s NOT NULL" % (where, name, KEY))
        if not t.pk or KEY not in t.pk:
            fail("%s: distributed table %s: primary key (%s) lacks %s" % (where, name, ", ".join(t.pk or []), KEY))
        for u in t.uniques:
            if KEY not in u:
                fail("%s: distributed table %s: unique key (%s) lacks %s" % (where, name, ", ".join(u), KEY))
        for fcols, target, tcols in t.fks:
            if placements.get(target) != "distributed":
                continue
            if KEY not in fcols or KEY not in tcols or fcols.index(KEY) != tcols.index(KEY):
                fail("%s: %s (%s) -> %s (%s): a reference between distributed tables must pair %s with %s"
                     % (where, name, ", ".join(fcols), target, ", ".join(tcols), KEY, KEY))
    for name in sorted(set(placements) - set(tables)):
        fail("%s: placement for %s, which no migration creates" % (where, name))


def main():
    ms = migrations()
    pg_sql = [open(p, encoding="utf-8").read() for _, _, p in ms]
    tables, placements = parse(pg_sql)
    soft, soft_triggers = parse.soft, parse.soft_triggers
    sqlite_tables, _ = parse([open(s, encoding="utf-8").read() for _, s, _ in ms])
    if len(tables) < 40:
        fail("only %d tables parsed from the PostgreSQL migrations" % len(tables))

    # 1-3
    check_placement(tables, placements, "text")
    # 4
    for name, t in sorted(tables.items()):
        if "office_id" in t.columns and placements.get(name) != "distributed" and name not in OFFICE_REFERENCE \
                and name != "office":
            fail("table %s holds an office's records (office_id) but is not distributed" % name)
    for name in OFFICE_REFERENCE:
        if placements.get(name) != "reference":
            fail("%s is named a reference table with office_id but is %s" % (name, placements.get(name)))
    # 5
    if soft != soft_triggers:
        fail("soft references listed %s but checked by triggers %s" % (sorted(soft - soft_triggers),
                                                                        sorted(soft_triggers - soft)))
    for t, c, target in sorted(soft):
        if t not in tables or c not in tables[t].columns:
            fail("soft reference %s.%s: no such column" % (t, c))
        if placements.get(target) != "distributed":
            fail("soft reference %s.%s -> %s: a reference table is referred to by a foreign key" % (t, c, target))
        if any(c in fcols for fcols, _, _ in tables.get(t, Table(t)).fks):
            fail("%s.%s is both a foreign key and a soft reference" % (t, c))
    for name, st in sorted(sqlite_tables.items()):
        for fcols, target, _ in st.fks:
            pt = tables.get(name)
            if not pt:
                continue
            hard = any(fcols[0] in pcols and ptarget == target for pcols, ptarget, _ in pt.fks)
            if not hard and (name, fcols[0], target) not in soft:
                fail("SQLite's reference %s.%s -> %s is neither a foreign key nor a soft reference on PostgreSQL"
                     % (name, fcols[0], target))
    for name, st in sorted(sqlite_tables.items()):
        pt = tables.get(name)
        if not pt:
            fail("table %s of the SQLite schema is missing on PostgreSQL" % name)
            continue
        want = [c for c in st.columns]
        got = [c for c in pt.columns if not (c == KEY and KEY not in st.columns)]
        if want != got:
            fail("table %s: columns differ: SQLite %s, PostgreSQL %s" % (name, want, got))
    for name in sorted(set(tables) - set(sqlite_tables) - PG_ONLY):
        fail("table %s exists on PostgreSQL only; name it in PG_ONLY and docs/postgresql.md" % name)
    # 6
    for n, shared, used in ms:
        if used != shared:
            continue
        text = strip_comments(open(shared, encoding="utf-8").read())
        for pat in SQLITE_ONLY:
            if re.search(pat, text, re.I):
                fail("%s has no PostgreSQL form but uses %s: add lib/schema/pg/%s"
                     % (os.path.relpath(shared, TOP), pat, os.path.basename(shared)))
    print("text: %d tables, %d distributed, %d reference; %d references across stations" % (
        len(tables), sum(1 for p in placements.values() if p == "distributed"),
        sum(1 for p in placements.values() if p == "reference"), len(soft)))

    uri = os.environ.get("CPOL_TEST_PG")
    if not uri:
        print("CPOL_TEST_PG not set: the live catalog check is skipped")
    else:
        live(uri, [p for _, _, p in ms])
    return 1 if failures else 0


CATALOG_SQL = r"""
WITH t AS (SELECT c.oid, c.relname, p.placement FROM pg_class c
           LEFT JOIN cpol_placement p ON p.table_name = c.relname
           WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind = 'r'),
k AS (SELECT t.oid, a.attnum FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'station_id')
SELECT 'no placement: ' || relname FROM t WHERE placement IS NULL
UNION ALL
SELECT 'no station_id NOT NULL: ' || t.relname FROM t WHERE placement = 'distributed'
  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'station_id' AND a.attnotnull)
UNION ALL
SELECT 'unique without station_id: ' || t.relname || ' ' || i.indexrelid::regclass::text
  FROM t JOIN pg_index i ON i.indrelid = t.oid AND i.indisunique JOIN k ON k.oid = t.oid
  WHERE t.placement = 'distributed' AND NOT (k.attnum = ANY (i.indkey::int2[]))
UNION ALL
SELECT 'reference to distributed: ' || t.relname || ' ' || c.conname
  FROM t JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'f'
  JOIN t f ON f.oid = c.confrelid WHERE t.placement = 'reference' AND f.placement = 'distributed'
UNION ALL
SELECT 'key without station_id paired: ' || t.relname || ' ' || c.conname
  FROM t JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'f'
  JOIN t f ON f.oid = c.confrelid JOIN k ON k.oid = t.oid JOIN k kf ON kf.oid = f.oid
  WHERE t.placement = 'distributed' AND f.placement = 'distributed'
    AND (array_position(c.conkey, k.attnum) IS NULL
         OR array_position(c.conkey, k.attnum) IS DISTINCT FROM array_position(c.confkey, kf.attnum))
UNION ALL
SELECT 'soft reference without its trigger: ' || s.table_name || '.' || s.column_name FROM cpol_soft_reference s
  WHERE NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN t ON t.oid = g.tgrelid
                    WHERE t.relname = s.table_name AND g.tgname = s.table_name || '_soft_refs')
UNION ALL
SELECT 'distributed tables: ' || count(*) FROM t WHERE placement = 'distributed';
"""


def live(uri, paths):
    schema = "cpol_pg_schema_%d" % os.getpid()
    script = ["\\set ON_ERROR_STOP 1", "CREATE SCHEMA %s;" % schema, "SET search_path = %s;" % schema, "\\o /dev/null", "BEGIN;",
              "SELECT set_config('cpol.actor', 'test', true), set_config('cpol.now', '2026-01-01T00:00:00Z', true);"]
    for p in paths:
        script.append(open(p, encoding="utf-8").read())
    script += ["SELECT cpol_audit_refresh();", "COMMIT;", "\\pset format unaligned", "\\pset tuples_only on",
               "\\o", CATALOG_SQL]
    try:
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", uri], input="\n".join(script),
                           capture_output=True, text=True, timeout=300)
    finally:
        subprocess.run(["psql", "-X", "-q", uri, "-c", "DROP SCHEMA IF EXISTS %s CASCADE" % schema],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail("applying the migrations on %s: %s" % (uri, r.stderr.strip()[:2000]))
        return
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    count = [l for l in lines if l.startswith("distributed tables: ")]
    for l in lines:
        if not l.startswith("distributed tables: ") and ":" in l:
            fail("catalog: " + l)
    print("live catalog on CPOL_TEST_PG: %s" % (count[0] if count else "no answer"))
    if not count or int(count[0].split(": ")[1]) < 30:
        fail("catalog: too few distributed tables: %s" % count)


if __name__ == "__main__":
    sys.exit(main())
