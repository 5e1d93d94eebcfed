-- Duty rosters from Lua: generate, check, conflicts, exports.
local cp = require "commpolice"
local t = require "testlib"

local function office()
  local p = cp.DutyProblem("2024-05-01", 31)
  p:add_person("张伟", "officer", 0, 101)
  p:add_person("李娜", "officer", 1, 102)
  p:add_person("王强", "auxiliary", 0, 201)
  p:add_person("赵磊", "auxiliary", 0, 202)
  return p
end

t.test("generate meets the hard rules; a seed gives the same roster", function()
  local p = office()
  local a = cp.duty_generate(p, 9)
  local b = cp.duty_generate(p, 9)
  t.eq(a:csv(), b:csv(), "csv")
  -- The options as a table (cpol_duty_generate_options): the same roster.
  t.eq(cp.duty_generate(p, { seed = 9 }):csv(), a:csv(), "seed as an option")
  t.eq(p:generate({ seed = 9, restarts = 0 }):csv(), a:csv(), "method call with options")
  local ok, err = pcall(p.generate, p, { sead = 9 })
  assert(not ok and err:find('DutyProblem:generate: no option "sead"', 1, true), err)
  local rep = cp.duty_report(a:check())
  t.eq(rep.hard, 0, "hard")
  t.eq(math.type(rep.penalty), "integer", "penalty is an integer")
  local n = 0
  for e in cp.duty_entries(a) do
    n = n + 1
    assert(not (e.person_id == 102 and e.shift == "night"), "dedicated officer on a night")
  end
  assert(n > 0)
end)

t.test("a hand-edited roster names rule, person and day", function()
  local p = office()
  local r = p:roster()
  r:add(1, "2024-05-06", "night")
  local rep = cp.duty_report(r:check())
  local found
  for _, v in ipairs(rep.violations) do
    if v.rule == "dedicated_late" then found = v end
  end
  assert(found, "no dedicated_late violation")
  t.eq(found.person_id, 102, "person")
  t.eq(found.date, "2024-05-06", "date")
  t.eq(found.key, "duty.no_duty_after", "key")
  t.eq(rep.scores.shift_cost.penalty, 15, "shift cost: a point per hour of the night 17:30-08:30")
end)

t.test("a conflict raises a table with the conflicts", function()
  local p = office()
  p:set_away(0, "2024-05-22", "2024-05-22", "sick", 31)
  p:set_away(1, "2024-05-22", "2024-05-22", "leave", 32)
  local err = t.raises("CPOL_ECONFLICT", function() cp.duty_generate(p) end)
  local rec
  for _, c in ipairs(err.conflicts) do
    if c.rule == "reception" then rec = c end
  end
  assert(rec and rec.proven, "no proven reception conflict")
  t.eq(rec.date, "2024-05-22", "date")
  t.eq(#rec.causes, 2, "causes")
end)

t.test("exports", function()
  local p = office()
  local r = cp.duty_generate(p, 1)
  local ics = r:ics(-1, "城东社区警务室", nil, 1714521600)
  assert(ics:find("DTSTAMP:20240501T000000Z\r\n", 1, true))
  for line in ics:gmatch("([^\r\n]*)\r\n") do
    assert(#line <= 75, line)
  end
  local back = p:roster_from_csv(r:csv())
  t.eq(back:csv(), r:csv(), "csv round trip")
  t.raises("CPOL_EINVAL", function() p:add_person("x", "chief") end)
end)

-- ------------------------------------------------------------ the database

-- An ab_office office: two officers (李娜 dedicated), three auxiliaries.
local function make_office(db)
  local region = cp.pop_region_add(db, "ab_office", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东社区警务室", nil, nil, nil, 0)
  local s = {}
  s.zhang = cp.pop_staff_add(db, office, "张伟", "officer", "2024-01-01", "010001", 0, 0, nil)
  s.li = cp.pop_staff_add(db, office, "李娜", "officer", "2024-01-01", "010002", 0, 1, nil)
  s.wangf = cp.pop_staff_add(db, office, "王芳", "officer", "2024-01-01", "010003", 0, 0, nil)
  s.wang = cp.pop_staff_add(db, office, "王强", "auxiliary", "2024-01-01", nil, 0, 0, nil)
  s.zhao = cp.pop_staff_add(db, office, "赵磊", "auxiliary", "2024-01-01", nil, 0, 0, nil)
  s.huang = cp.pop_staff_add(db, office, "黄敏", "auxiliary", "2024-01-01", nil, 0, 0, nil)
  return office, s
end

local function index_of(p, staff_id)
  for i = 0, p:person_count() - 1 do
    if p:person_id(i) == staff_id then return i end
  end
end

t.test("load from the database, generate, store, load back", function()
  local db = cp.Database(":memory:")
  local office, s = make_office(db)
  local away = db:duty_away_add(s.zhang, "training", "2024-05-20", "2024-05-24", "集中培训")
  t.eq(math.type(away), "integer", "away id")
  local p = cp.duty_problem_load(db, office, "2024-05-01", 31)
  t.eq(p:region(), "ab_office", "the office's region")
  t.eq(p:person_count(), 6, "people")
  local r = cp.duty_generate(p, 11)
  t.eq(cp.duty_report(r:check()).hard, 0, "hard")
  local zhang = index_of(p, s.zhang)
  for e in cp.duty_entries(r) do
    assert(not (e.person == zhang and e.date >= "2024-05-20" and e.date <= "2024-05-24"),
           "on duty in training")
    assert(not (e.person_id == s.li and e.shift == "night"), "dedicated officer on a night")
  end
  local rid = db:duty_roster_store(office, r)
  assert(math.type(rid) == "integer" and rid > 0, "roster id")
  t.eq(db:duty_roster_load(office, p):csv(), r:csv(), "stored and loaded")
  db:duty_away_archive(away)
  t.raises("CPOL_ENOTFOUND", function() db:duty_away_archive(away) end)
  t.raises("CPOL_EINVAL", function() db:duty_away_add(s.zhang, "holiday", "2024-05-20", "2024-05-24") end)
  db:close()
end)

-- ab_office's posts are [A, B]; only 王芳 can hold one, B: she holds B,
-- and A is nobody's (posts stored: the default order no longer applies).
t.test("posts stored per staff member go to the problem", function()
  local db = cp.Database(":memory:")
  local office, s = make_office(db)
  db:duty_staff_posts_set(s.wangf, "B")
  t.eq(db:duty_staff_posts(s.wangf), "B", "read back")
  t.eq(db:duty_staff_posts(s.zhang), "", "none")
  local p = cp.duty_problem_load(db, office, "2024-05-01", 31, { history_days = 0 })
  t.eq(p:post(index_of(p, s.wangf)), "B", "王芳")
  t.eq(p:post(index_of(p, s.zhang)), nil, "张伟")
  local err = t.raises("CPOL_EINVAL", function() db:duty_staff_posts_set(s.zhang, "A,,B") end)
  t.eq(err.field, "posts", "field")
  db:close()
end)

t.test("preferences are read back and archived", function()
  local db = cp.Database(":memory:")
  local office, s = make_office(db)
  local pref = cp.duty_preference_add(db, s.zhang, { want = -1, shift = "night", weekdays = { 5 }, weight = 4 })
  cp.duty_preference_add(db, s.zhang, { want = 1, date = "2024-06-03" })
  local err = t.raises("CPOL_EINVAL", function() cp.duty_preference_add(db, s.zhang, { weekdays = { 8 } }) end)
  t.eq(err.field, "weekdays", "field")
  err = t.raises("CPOL_EINVAL", function() db:duty_preference_add(s.zhang, 2) end)
  t.eq(err.field, "want", "field")
  local p = cp.duty_problem_load(db, office, "2024-05-01", 31, { history_days = 0 })
  local r = p:roster()
  r:add(index_of(p, s.zhang), "2024-05-10", "night") -- a Friday
  local found = {}
  for _, v in ipairs(cp.duty_report(r:check()).violations) do
    if v.rule == "preference" then found[#found + 1] = v end
  end
  t.eq(#found, 1, "preference violations")
  t.eq(found[1].source_id, pref, "source")
  t.eq(found[1].penalty, 4 * 5, "penalty")
  db:duty_preference_archive(pref)
  t.raises("CPOL_ENOTFOUND", function() db:duty_preference_archive(pref) end)
  p = cp.duty_problem_load(db, office, "2024-05-01", 31)
  r = p:roster()
  r:add(index_of(p, s.zhang), "2024-05-10", "night")
  for _, v in ipairs(cp.duty_report(r:check()).violations) do
    assert(v.rule ~= "preference", "an archived preference was loaded")
  end
  db:close()
end)

t.test("training over the yearly allowance", function()
  local db = cp.Database(":memory:")
  local office, s = make_office(db)
  db:duty_away_add(s.zhang, "training", "2024-03-04", "2024-03-15")
  local may = db:duty_away_add(s.zhang, "training", "2024-05-20", "2024-05-24")
  local p = cp.duty_problem_load(db, office, "2024-05-01", 31)
  t.eq(p:training_days(index_of(p, s.zhang), 2024), 17, "training days")
  local v
  for _, x in ipairs(cp.duty_report(p:roster():check()).violations) do
    if x.rule == "training_days" then v = x end
  end
  assert(v, "no training_days violation")
  t.eq(v.hard, true, "hard")
  t.eq(v.person_id, s.zhang, "person")
  t.eq(v.amount, 2, "days over")
  t.eq(v.date, "2024-05-20", "first day")
  t.eq(v.date_end, "2024-05-24", "last day")
  t.eq(v.source_id, may, "record")
  t.eq(v.key, "duty.training_days_per_year", "key")
  local e = t.raises("CPOL_ECONFLICT", function() cp.duty_generate(p, 1) end)
  local c
  for _, x in ipairs(e.conflicts) do
    if x.rule == "training_days" then c = x end
  end
  assert(c and c.proven, "no proven training conflict")
  db:close()
end)


t.test("repair after a sick day changes two cells; swap check says why not", function()
  local p = cp.DutyProblem("2024-05-06", 7)
  for _, name in ipairs({ "min_days_in_district_per_week", "min_nights_per_week", "officers_per_night",
                          "min_rest_hours", "max_hours_per_week", "max_consecutive_days",
                          "max_nights_in_row", "rest_after_night" }) do
    p:set_param(name, 0)
  end
  for d = 6, 12 do
    local date = string.format("2024-05-%02d", d)
    p:set_day(date, p:day_flags(date) & ~2)
  end
  p:add_person("王强", "auxiliary", 0, 1)
  p:add_person("赵磊", "auxiliary", 0, 2)
  p:add_person("李娜", "officer", 0, 3)
  p:add_shift("office", "值守", 510, 1050, 4, 8, 1)
  local pub = p:roster()
  for d = 6, 12 do pub:add(d % 2 == 0 and 0 or 1, string.format("2024-05-%02d", d), "office") end
  local c = cp.duty_swap_check(pub, 0, "2024-05-08", "office")
  t.eq(#c, 2, "candidates")
  t.eq(c[1].person, 1, "the other auxiliary first")
  t.eq(c[1].ok, true, "can")
  t.eq(c[2].rule, "qualification", "an officer may not")
  p:set_away(1, "2024-05-09", "2024-05-09", "sick")
  local r = cp.duty_repair(p, pub, "2024-05-09")
  local changes, people = cp.duty_diff(pub, r)
  t.eq(#changes, 2, "cells changed")
  t.eq(people, 2, "people")
  t.eq(changes[1].date, "2024-05-09", "the sick day")
  t.eq(changes[1].after, "office", "王强 takes it")
  t.eq(changes[2].before, "office", "赵磊 is off")
end)

t.test("rotation posts: the officers in order, or as the office sets them", function()
  -- ab_office lists posts [A, B] (data/regions/ab_office.yaml).
  local p = cp.DutyProblem("2024-05-06", 7, "ab_office")
  p:add_person("张伟", "officer", 0, 11)
  p:add_person("王强", "auxiliary", 0, 21)
  p:add_person("李娜", "officer", 0, 12)
  t.eq(p:post(0), "A", "first officer")
  t.eq(p:post(1), nil, "an auxiliary holds none")
  t.eq(p:post(2), "B", "second officer")
  p:set_post(2, "A")
  t.eq(p:post(2), "A", "set")
  t.eq(p:post(0), nil, "once set, only the posts set")
  local err = t.raises("CPOL_ENOTFOUND", function() p:set_post(0, "C") end)
  t.eq(err.field, "post", "field")
end)

t.run()
