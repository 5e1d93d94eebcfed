-- The foundation from Lua: open, errors raise tables, transactions.
local cp = require "commpolice"
local t = require "testlib"

t.test("version", function()
  t.eq(type(cp.version()), "string")
  t.eq(math.type(cp.schema_latest()), "integer")
end)

t.test("open memory", function()
  local db = cp.Database(":memory:", "tester")
  t.eq(db:schema_version(), cp.schema_latest(), "schema version")
  t.eq(db:user(), "tester", "user")
  db:close()
end)

t.test("missing file raises a table with code and message", function()
  local path = t.tmpname(".db")
  local err = t.raises("CPOL_ENOTFOUND", function() cp.Database(path, nil, 0, 0) end)
  t.eq(err.code, -4, "code")
  t.eq(err.file, path, "file")
  t.eq(tostring(err), err.message, "tostring")
  assert(err.message:find("no such database file"), err.message)
end)

t.test("closed database raises misuse", function()
  local db = cp.Database(":memory:")
  db:close()
  db:close()
  t.raises("CPOL_EMISUSE", function() db:begin() end)
end)

t.test("transactions nest", function()
  local db = cp.Database(":memory:")
  db:begin()
  db:begin()
  t.eq(db:transaction_depth(), 2, "depth")
  db:rollback()
  db:commit()
  t.eq(db:transaction_depth(), 0, "depth")
  t.raises("CPOL_EMISUSE", function() db:commit() end)
  db:close()
end)

t.test("audit trail iterates", function()
  local db = cp.Database(":memory:")
  local n = 0
  for _ in cp.audit_entries(db) do n = n + 1 end
  t.eq(n, 0, "entries")
  db:close()
end)

t.test("a database verifies, and a dropped trigger is named", function()
  local path = t.tmpname(".db")
  local db = cp.Database(path, "012345")
  db:begin()
  db:commit()
  local findings, report = cp.audit_findings(db)
  t.eq(#findings, 0, "findings")
  t.eq(math.type(report:entries_checked()), "integer")
  db:close()
  -- The sqlite3 shell plays the outside program (Debian: sqlite3, in .ci/run).
  assert(os.execute("sqlite3 '" .. path .. "' 'DROP TRIGGER audit_region_insert'"), "sqlite3 shell")
  db = cp.Database(path, "012345")
  assert(db:audit_tampered():find("audit_region_insert"), db:audit_tampered())
  t.raises("CPOL_ETAMPERED", function() db:begin() end)
  findings = cp.audit_findings(db)
  t.eq(findings[1].kind, "trigger-missing", "kind")
  t.eq(findings[1].object, "audit_region_insert", "object")
  t.eq(db:audit_repair(), 1, "repaired")
  db:begin()
  db:commit()
  db:close()
  os.remove(path)
end)

t.test("error table is complete", function()
  local n = cp.error_kind_count()
  assert(n >= 18, n)
  for i = 0, n - 1 do
    assert(cp.error_kind_name(i):match("^CPOL_"), cp.error_kind_name(i))
  end
end)

t.run()
