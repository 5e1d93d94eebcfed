-- A minimal test harness: run each test, report, exit non-zero on failure.
local M = {}
local tests = {}

function M.test(name, fn)
  tests[#tests + 1] = { name = name, fn = fn }
end

function M.eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

-- Call fn; it must raise a commpolice error with the given name.
function M.raises(name, fn)
  local ok, err = pcall(fn)
  if ok then error("expected " .. name .. ", nothing was raised", 2) end
  if type(err) ~= "table" then error("expected an error table, got " .. tostring(err), 2) end
  if err.name ~= name then
    error(string.format("expected %s, got %s: %s", name, tostring(err.name), tostring(err.message)), 2)
  end
  return err
end

function M.run()
  local failed = 0
  for _, t in ipairs(tests) do
    local ok, err = pcall(t.fn)
    if ok then
      print("ok   " .. t.name)
    else
      failed = failed + 1
      print("FAIL " .. t.name .. ": " .. tostring(err))
    end
  end
  print(string.format("%d tests, %d failed", #tests, failed))
  os.exit(failed == 0 and 0 or 1)
end

function M.tmpname(suffix)
  local name = os.tmpname()
  os.remove(name)
  return name .. (suffix or "")
end

return M
