-- Assessment from Lua: a quarter worked out by hand, the consecutive-last
-- rule, explanations, a Lua metric callback, errors as tables, and the
-- example examples/lua/custom_metric.lua run as a test.
local cp = require "commpolice"
local t = require "testlib"

-- info: -5 a missing item, capped at 40; sat: -10 per full 10% of 90% short.
local RULES = [[
region: luaassess
extends: national
assessment:
  period: quarter
  ranking_scope: station
  items:
    - {id: info, name: 信息收集, metric: info_exported, weight: 60, target: 10,
       deduct: [{per_unit: 5, cap: 40}]}
    - {id: sat, name: 群众满意率, metric: satisfaction_rate, weight: 40, target: 90%,
       deduct: [{per_percent: 10, points: 10}]}
  grades:
    - {code: good, name: 良好, min: 80}
    - {code: fail, name: 不合格, min: 0}
  sanctions:
    - {id: warn, name: 末位诫勉谈话, action: warning_talk, target: officer, period: quarter,
       last_place: true}
    - {id: transfer, name: 连续两次末位且低于80分, action: transfer, target: officer,
       period: quarter, last_place: true, consecutive: 2, score_below: 80}
]]

-- Q1: info 10, 10, 4 → 60, 60, 30; satisfaction 95/100 → 40: totals 100, 100, 70.
-- Q2: info 9, 1, 1 → 55, 20 (9 × 5 = 45, capped at 40), 20; satisfaction 40/50 = 0.8,
-- 11.1% of the target short → 1 step → 30: totals 85, 50, 50 (ranks 1, 2, 2).
local function world()
  local db = cp.Database(":memory:", "tester")
  local rules = cp.Rules(RULES, "text", nil, "luaassess.yaml")
  local region = cp.pop_region_add(db, "luaassess", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东警务室", nil, nil, nil, 0)
  local p = {}
  for i, name in ipairs({ "王建国", "李秀英", "张志强" }) do
    p[i] = cp.pop_staff_add(db, office, name, "officer", "2024-01-01", "20000" .. i, 0, 0, nil)
  end
  for i, v in ipairs({ { 10, 9 }, { 10, 1 }, { 4, 1 } }) do
    db:metric_store("info_exported", p[i], "2024-Q1", v[1])
    db:metric_store("info_exported", p[i], "2024-Q2", v[2])
  end
  db:survey_add(office, "satisfaction", "2024-02-01", 100, 95)
  db:survey_add(office, "satisfaction", "2024-05-01", 50, 40)
  return db, rules, office, p
end

t.test("a quarter scored by hand, with ties and the consecutive-last rule", function()
  local db, rules, office, p = world()
  local a = cp.Assessor(db, rules)
  local q1 = a:score("2024-Q1")
  local r = cp.assess_result(q1, p[3])
  t.eq(r.total, 70.0, "Q1 third")
  t.eq(r.last_place, true, "Q1 last")
  t.eq(math.type(r.subject_id), "integer", "ids are integers")
  t.eq(q1:save(db) > 0, true, "saved")
  local q2 = a:score("2024-Q2")
  local res = cp.assess_results(q2)
  t.eq(#res, 3, "results")
  t.eq(res[1].subject_id, p[1], "first")
  t.eq(res[1].total, 85.0, "first total")
  t.eq(res[1].lines[2].points, 30.0, "satisfaction points")
  t.eq(res[1].lines[2].rule.key, "assessment.items[sat].deduct[0]", "rule key")
  t.eq(res[1].lines[2].rule.file, "luaassess.yaml", "rule file")
  local r2, r3 = cp.assess_result(q2, p[2]), cp.assess_result(q2, p[3])
  t.eq(r2.lines[1].points, 20.0, "capped item")
  t.eq(r2.lines[1].capped, true, "capped flag")
  t.eq(r2.rank, 2, "tie rank")
  t.eq(r3.rank, 2, "tie rank")
  t.eq(r3.last_place_streak, 2, "streak")
  t.eq(#r2.sanctions, 1, "warning only")
  t.eq(r3.sanctions[2].id, "transfer", "transfer")
  t.eq(r3.sanctions[2].action, "transfer", "action")
  local text = q2:explain(p[3])
  assert(text:find("9 × 5 = 45, capped at 40", 1, true), text)
  assert(text:find("张志强 (警号 200003)", 1, true), text)
  -- The trace of the third in Q2: info 1 of 10 → 20, satisfaction → 30,
  -- total 50, tied second; its metrics are the values read for him.
  local tr = q2:trace(p[3])
  assert(tr:find('"format":%s*"commpolice.trace/1"'), tr)
  assert(tr:find('"period":%s*"2024%-Q2"'), tr)
  assert(tr:find('"subject_id":%s*' .. p[3] .. '[,}]'), tr)
  assert(tr:find('"total":%s*50[.0]*[,}]'), tr)
  assert(tr:find('"rank":%s*2[,}]'), tr)
  assert(tr:find('"key":%s*"assessment.items%[info%]'), tr)
  assert(tr:find('"metric":%s*"info_exported",%s*"value":%s*1[.0]*[,}]'), tr)
  db:close()
end)

t.test("results outlive the assessor and its rules", function()
  -- An Assessor and Rules nobody else holds: dropped and collected, the
  -- assessment still reads (it read freed memory when results borrowed).
  local db, rules, office, p = world()
  local q2 = cp.Assessor(db, cp.Rules(RULES, "text", nil, "luaassess2.yaml")):score("2024-Q2")
  collectgarbage()
  collectgarbage()
  local r1, r3 = cp.assess_result(q2, p[1]), cp.assess_result(q2, p[3])
  t.eq(r1.grade, "good", "grade")
  t.eq(r1.lines[2].name, "群众满意率", "line name")
  t.eq(r1.lines[2].rule.file, "luaassess2.yaml", "rule file")
  t.eq(r3.sanctions[1].name, "末位诫勉谈话", "sanction name")
  t.eq(r3.sanctions[1].actions[1], "warning_talk", "actions")
  db:close()
end)

t.test("a Lua metric callback, and its errors", function()
  local db, rules, office, p = world()
  local a = cp.Assessor(db, rules)
  local seen = 0
  a:add_metric("major_incidents", function(name, subject, id, office_id, period)
    seen = seen + 1
    assert(period == "2024-Q2" and subject == "officer" and office_id == office)
    if id == p[2] then return 1, 1, 0, "5月 火灾" end
    return nil
  end, "count")
  local rich = cp.Rules(RULES .. [[
  veto:
    - {id: incident, name: 重大责任事故, metric: major_incidents, effect: zero}
]], "text")
  local b = cp.Assessor(db, rich)
  b:add_metric("major_incidents", function(_, _, id) return id == p[2] and 1 or nil end)
  local q2 = b:score("2024-Q2")
  t.eq(cp.assess_result(q2, p[2]).total, 0.0, "veto zero")
  t.eq(cp.assess_result(q2, p[2]).veto, "incident", "veto id")
  local m = cp.assess_metric(a, "major_incidents", p[2], "2024-Q2")
  t.eq(m.value, 1.0, "callback value")
  t.eq(m.note, "5月 火灾", "callback note")
  t.eq(seen, 1, "called once")
  local c = cp.Assessor(db, rich)
  local raised_at = debug.getinfo(1, "l").currentline + 1
  c:add_metric("major_incidents", function() error("情报系统不可用") end)
  local err = t.raises("CPOL_EUSER", function() c:score("2024-Q2") end)
  assert(err.message:find("情报系统不可用", 1, true), err.message)
  -- The callback's own error value is kept as the cause: a string with
  -- its position, or the table it raised, as it was.
  t.eq(type(err.cause), "string", "cause kept")
  assert(err.cause:find("test_assess.lua:" .. raised_at .. ": 情报系统不可用", 1, true), err.cause)
  local d = cp.Assessor(db, rich)
  local mine = { reason = "offline" }
  d:add_metric("major_incidents", function() error(mine) end)
  t.eq(t.raises("CPOL_EUSER", function() d:score("2024-Q2") end).cause, mine, "a table cause")
  -- The next error of another kind carries no stale cause.
  t.eq(t.raises("CPOL_EEXISTS", function() c:add_metric("months", function() end) end).cause,
       nil, "no stale cause")
  t.raises("CPOL_EINVAL", function() a:score("2024-Q9") end)
  t.raises("CPOL_ENOTFOUND", function() a:score("2024-Q2", "officer", "station", 9999) end)
  -- Options as a table (cpol_assess_options), the same call by name.
  t.raises("CPOL_ENOTFOUND", function() a:score("2024-Q2", { scope_level = "station", scope_id = 9999 }) end)
  t.eq(#cp.assess_results(a:score("2024-Q2", { subject = "officer" })), 3, "options: officers")
  db:close()
end)

t.test("what-if, stored values, surveys and built-in metrics", function()
  local db, rules, office, p = world()
  -- -0.5 a missing item: 59.5 + 30, and 55.5 + 30 = 85.5 (good, was fail) twice.
  local flat = cp.Rules((RULES:gsub("per_unit: 5, cap: 40", "per_unit: 0.5")), "text")
  local changes = cp.assess_changes(cp.assess_what_if(db, rules, flat, "2024-Q2"))
  t.eq(#changes, 2, "changes")
  t.eq(changes[1].subject_id, p[2], "who")
  t.eq(changes[1].grade_before, "fail", "grade before")
  t.eq(changes[1].grade_after, "good", "grade after")
  t.eq(changes[1].total_after, 85.5, "total after")
  local a = cp.Assessor(db, rules)
  local m = cp.assess_metric(a, "satisfaction_rate", p[1], "2024-Q2")
  t.eq(m.has_value, true, "has value")
  t.eq(m.numerator, 40.0, "numerator")
  t.eq(m.record_table, "assess_survey", "records")
  t.eq(math.type(m.records[1]), "integer", "record id")
  local n = 0
  for s in cp.surveys_of(db, office, "2024-Q1") do
    n = n + 1
    t.eq(s.kind, "satisfaction", "kind")
    t.eq(s.sample_size, 100, "sample")
  end
  t.eq(n, 1, "surveys")
  local names = {}
  for _, b in ipairs(cp.assess_builtin_metrics()) do names[b.name] = b end
  t.eq(names.cases_per_10k.unit, "per_10k", "unit")
  t.eq(cp.assess_period_start("2024-H2"), "2024-07-01", "period start")
  local err = t.raises("CPOL_EINVAL", function() db:metric_store("months", p[1], "2024-Q2", 1) end)
  t.eq(err.field, "name", "field")
  db:close()
  t.raises("CPOL_EMISUSE", function() a:score("2024-Q2") end)
end)

t.test("an assessor keeps its database alive", function()
  local a
  do
    local db, rules = world()
    a = cp.Assessor(db, rules)
  end
  collectgarbage()
  collectgarbage()
  t.eq(#cp.assess_results(a:score("2024-Q2")), 3, "scored after the database went out of scope")
end)

t.test("the Lua example adds a metric and scores with it", function()
  local src = os.getenv("top_srcdir") or "."
  local lua = arg and arg[-1] or "lua5.4"
  local db = t.tmpname(".db")
  local cmd = string.format("%s %s/examples/lua/custom_metric.lua %s", lua, src, db)
  local f = assert(io.popen(cmd))
  local out = f:read("a")
  local ok = f:close()
  os.remove(db)
  os.remove(db .. "-wal")
  os.remove(db .. "-shm")
  assert(ok, "example failed: " .. out)
  assert(out:find("rank 1", 1, true), out)
  assert(out:find("good_deeds", 1, true), out)
end)

t.run()
