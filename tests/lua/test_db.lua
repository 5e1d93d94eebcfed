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
  assert(err.message:find("no such database file"), err.message)
end)

t.test("an error says where the caller raised it, then the traceback", function()
  local path = t.tmpname(".db")
  local line = debug.getinfo(1, "l").currentline + 1
  local ok, err = pcall(function() cp.Database(path, nil, 0, 0) end)
  t.eq(ok, false, "raised")
  t.eq(err.where, debug.getinfo(1, "S").short_src .. ":" .. line .. ": ", "where")
  local text = tostring(err)
  t.eq(text:sub(1, #err.where + #err.message), err.where .. err.message, "tostring starts with where: message")
  assert(text:find("\nstack traceback:\n", 1, true), text)
end)

t.test("require returns the module and sets no global", function()
  t.eq(rawget(_G, "commpolice"), nil, "commpolice")
  t.eq(rawget(_G, "swig_type"), nil, "swig_type")
  t.eq(rawget(_G, "swig_equals"), nil, "swig_equals")
  t.eq(package.loaded.commpolice, cp, "package.loaded")
  t.eq(type(cp.swig_type), "function", "swig_type kept in the module")
end)

t.test("an uncaught error prints its position in the standalone interpreter", function()
  local script = t.tmpname(".lua")
  local f = assert(io.open(script, "w"))
  f:write('local cp = require "commpolice"\n', 'cp.Database("/nonexistent/x.db", nil, 0, 0)\n')
  f:close()
  local lua = arg[-1]
  local p = assert(io.popen(string.format("%q %q 2>&1", lua, script)))
  local out = p:read("a")
  p:close()
  os.remove(script)
  assert(out:find(script .. ":2: ", 1, true), out)
  assert(out:find("stack traceback:", 1, true), out)
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

t.test("error table is complete", function()
  local n = cp.error_kind_count()
  assert(n >= 18, n)
  for i = 0, n - 1 do
    assert(cp.error_kind_name(i):match("^CPOL_"), cp.error_kind_name(i))
  end
end)

t.run()
