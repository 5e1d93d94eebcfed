-- Region rules from Lua: load, query values and origins, decide, fail with a place.
-- Expected values are worked out by hand from data/regions/ and a calendar.
local cp = require "commpolice"
local t = require "testlib"

local srcdir = os.getenv("top_srcdir") or "."
local regions_dir = srcdir .. "/data/regions"
local regions = { "national", "nantong", "chengdu", "sanming", "mountain_county", "ab_office",
                  "zhuanzhi" }
local NATIONAL = "<built-in>/national.yaml"

local function load(name) return cp.rules_load(name, { search_path = regions_dir }) end
local function file_of(name) return regions_dir .. "/" .. name .. ".yaml" end

-- line and column of `value` on the first line of a region file holding `needle`
local function where(name, needle, value)
  local n = 0
  for line in io.lines(file_of(name)) do
    n = n + 1
    local at = line:find(needle, 1, true)
    if at then return n, line:find(value or needle, 1, true) end
  end
  error(needle .. " not in " .. name)
end

local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

t.test("every shipped region loads and passes its tests", function()
  for _, name in ipairs(regions) do
    local r = load(name)
    t.eq(r:region(), name, "region")
    local failed, results = cp.rules_run_tests(r)
    t.eq(failed, 0, name .. " failed tests")
    t.eq(#results, r:test_count(), name .. " results")
    assert(#results > 0, name .. " has no tests")
    for _, res in ipairs(results) do t.eq(res.passed, true, res.name) end
    local chain = cp.rules_chain(r)
    t.eq(chain[#chain].file, NATIONAL, "chain end")
    t.eq(#chain, name == "national" and 1 or 2, "chain length")
    if name ~= "national" then
      t.eq(chain[1].file, file_of(name), "chain start")
      t.eq(cp.rules_file(file_of(name)):hash(), r:hash(), name .. " by file")
    end
  end
end)

t.test("a value and its origin", function()
  local r = load("nantong")
  local v, ref = cp.rules_get(r, "staffing.residents_per_officer")
  t.eq(v, 3000, "value")
  t.eq(math.type(v), "integer", "integer")
  local line, col = where("nantong", "residents_per_officer: 3000", "3000")
  t.eq(ref.key, "staffing.residents_per_officer", "key")
  t.eq(ref.file, file_of("nantong"), "file")
  t.eq(ref.line, line, "line")
  t.eq(ref.column, col, "column")
  t.eq(ref.region, "nantong", "region")
  local d, dref = cp.rules_get(r, "visits.return_visit_within")
  t.eq(d, "3d", "inherited")
  t.eq(dref.file, NATIONAL, "inherited file")
  t.eq(dref.region, "national", "inherited region")
end)

t.test("typed getters", function()
  local z = load("zhuanzhi")
  t.eq(z:get_type("duty.no_duty_after"), "time", "type")
  t.eq(cp.rules_get(z, "duty.no_duty_after"), "22:00", "time text")
  t.eq(z:get_int("duty.no_duty_after"), 1320, "minutes")
  t.eq(z:get_cadence("obligations[police_resident_talk].cadence"), "18th", "cadence")
  local kind, kref = z:get_string("obligations[police_resident_talk].kind")
  t.eq(kind, "meeting", "merged kind")
  t.eq(kref.region, "national", "kind from national")
  t.eq(z:get_bool("visits.contact_card"), true, "bool")
  t.eq(z:get_duration("visits.feedback_within"), "1w", "duration")
  local a = load("ab_office")
  local wd = cp.rules_get(a, "duty.reception_weekdays")
  t.eq(#wd, 2, "weekdays")
  t.eq(wd[1] .. "," .. wd[2], "wed,thu", "weekday names")
  t.eq(a:get_int("duty.reception_weekdays"), (1 << 3) | (1 << 4), "weekday mask")
  t.eq(a:get_date("calendar.market_days.anchor"), "2024-01-03", "date")
  t.eq(a:get_count("duty.posts"), 2, "count")
  local m = load("mountain_county")
  t.eq(m:get_number("assessment.items[household_visits].weight"), 20, "weight")
  local models = cp.rules_get(load("nantong"), "staffing.models")
  t.eq(#models, 2, "models")
  t.eq(models[2].code, "several_per_community", "model code")
  t.eq(models[2].officers.min, 2, "nested range")
end)

t.test("missing keys raise with the key as field", function()
  local r = load("nantong")
  local err = t.raises("CPOL_ENOTFOUND", function() r:get_int("visits.households_per_month") end)
  t.eq(err.field, "visits.households_per_month", "field")
  assert(err.message:find("no rule 'visits.households_per_month'", 1, true), err.message)
  t.raises("CPOL_EINVAL", function() r:get_int("visits.return_visit_within") end)
end)

t.test("items in canonical order", function()
  local keys = {}
  for k, text, ref in cp.rules_items(load("ab_office"), "duty") do
    keys[#keys + 1] = k
    if k == "duty.training_days_per_year" then
      t.eq(text, "15", "text")
      t.eq(ref.region, "national", "origin")
    end
  end
  t.eq(table.concat(keys, " "), "duty.auxiliary_hours_per_day duty.max_consecutive_days duty.max_consecutive_days_hard duty.max_hours_per_week"
    .. " duty.max_hours_per_week_hard duty.max_nights_in_row duty.max_nights_in_row_hard duty.max_nights_per_week"
    .. " duty.max_shifts_per_day duty.min_days_in_district_per_week duty.min_nights_per_week duty.min_rest_hours"
    .. " duty.min_rest_hours_hard duty.night_cover_hard duty.night_patrols_per_week duty.no_duty_after duty.officers_per_night"
    .. " duty.patrol_per_night duty.posts[0] duty.posts[1] duty.reception_on_market_days"
    .. " duty.reception_weekdays duty.rest_after_night duty.training_days_per_year duty.weight_consecutive_days"
    .. " duty.weight_holidays duty.weight_hours_per_week duty.weight_load duty.weight_night_cover"
    .. " duty.weight_nights duty.weight_nights_in_row duty.weight_preference duty.weight_rest"
    .. " duty.weight_rotation"
    .. " duty.weight_shift duty.weight_weekends", "keys")
end)

t.test("a cursor outlives its rules object", function()
  local r = load("ab_office")
  local cur = r:items("visits")
  r = nil
  collectgarbage()
  collectgarbage()
  local ref, text = cur:next()
  t.eq(ref.key, "visits.contact_card", "first key")
  t.eq(text, "true", "first text")
end)

t.test("sections", function()
  local s = cp.rules_section(load("sanming"), "staffing")
  t.eq(#s.office_classes, 3, "classes")
  t.eq(s.office_classes[1].code, "class1", "rank order")
  t.eq(s.office_classes[1].residents.min, 5000, "criterion")
  t.eq(s.office_classes[1].residents.max, nil, "open range")
  t.eq(s.office_classes[1].min_officers, 2, "officers")
  t.eq(s.office_classes[1].ref.file, file_of("sanming"), "class ref")
  t.eq(#s.models, 5, "national's models and 1+N")
  t.eq(s.models[5].code, "one_plus_n", "extended")
  t.eq(s.default_model, "one_plus_n", "default model")

  local p = cp.rules_section(load("national"), "population")
  t.eq(p.labels[1].kind, "key_person", "label kind")
  t.eq(p.labels[1].talk, "quarter", "talk")
  t.eq(p.id_number.require_check_char, true, "id policy")

  local d = cp.rules_section(load("ab_office"), "duty")
  t.eq(d.posts[1] .. d.posts[2], "AB", "posts")
  t.eq(d.reception_weekdays[2], "thu", "weekdays")
  t.eq(d.min_nights_per_week, 2, "nights")

  local c = cp.rules_section(load("ab_office"), "calendar")
  t.eq(#c.holidays, 89, "holidays by day")   -- 28 days in 2024, 28 in 2025, 33 in 2026
  t.eq(c.holidays[2].date, "2024-02-10", "春节 first day")
  t.eq(c.holidays[2].name, "春节", "name")
  t.eq(#c.workdays, 19, "make-up days")
  t.eq(c.market_days.every, "5d", "market every")
  t.eq(c.work_start, "08:30", "work start")

  local a = cp.rules_section(load("mountain_county"), "assessment")
  t.eq(#a.items, 7, "items")
  t.eq(a.items[1].id, "household_visits", "item")
  t.eq(a.items[1].deduct[1].kind, "per_unit", "deduction kind")
  t.eq(a.items[1].deduct[1].points, 0.5, "per unit")
  t.eq(a.items[2].deduct[1].threshold, 1, "below")
  t.eq(a.veto[1].effect, "cap_grade", "veto")
  t.eq(a.total, 100, "total")
  t.eq(a.grades[1].code, "excellent", "grades highest first")

  local o = cp.rules_section(load("zhuanzhi"), "obligations")
  t.eq(#o, 18, "obligations")   -- 15 national, police_resident_talk merged, 3 added
  t.eq(o[#o].id, "monthly_notice", "last")

  t.raises("CPOL_ENOTFOUND", function() cp.rules_section(load("national"), "nope") end)
end)

t.test("decisions on hand-worked dates", function()
  local n = load("national")
  t.eq(n:is_working_day("2024-05-18"), false, "Saturday")
  t.eq(n:is_working_day("2024-02-04"), true, "调休 Sunday")
  local w, ref = n:is_working_day("2024-10-03")
  t.eq(w, false, "国庆")
  assert(ref.key:find("^calendar%.holidays%.2024%["), ref.key)
  t.eq(n:next_due("month", "2024-01-31"), "2024-02-29", "monthly")
  t.eq(n:next_due("quarter", "2024-11-15"), "2025-03-31", "quarterly")
  t.eq(n:next_due("working-day", "2024-09-30"), "2024-10-08", "after 国庆")
  t.eq(load("zhuanzhi"):next_due("18th", "2024-12-18"), "2025-01-18", "18th")

  local a = load("ab_office")
  t.eq(a:is_market_day("2024-01-13"), true, "market")
  t.eq(a:is_market_day("2024-01-14"), false, "no market")
  t.eq(a:is_market_day("2024-05-07"), true, "125 days on")
  t.eq(a:is_reception_day("2024-05-08"), true, "Wednesday")
  t.eq(a:is_reception_day("2024-05-10"), false, "Friday")
  local rd, rref = a:is_reception_day("2024-05-07")
  t.eq(rd, true, "market Tuesday")
  t.eq(rref.key, "duty.reception_on_market_days", "market rule")
  t.eq(a:is_reception_day("2024-05-01"), false, "May Day")

  local c = load("chengdu")
  local need, nref = c:officers_needed(12000, 3500)
  t.eq(need, 4, "households decide")
  t.eq(math.type(need), "integer", "integer count")
  t.eq(nref.key, "staffing.households_per_officer", "ratio")
  t.eq(load("nantong"):officers_needed(9001, 0), 4, "nantong")

  local s = load("sanming")
  t.eq(s:office_class_for(6000, 0, 1500), "class1", "class1")
  t.eq(s:office_class_for(6000, 0, 200), "class2", "class2")
  t.eq(s:office_class_for(1200), "class3", "class3")
  t.eq(s:difficulty_for("class1"), 1.2, "difficulty")
  local dv, dref = s:difficulty_for("class9")
  t.eq(dv, 1.0, "default difficulty")
  t.eq(dref, nil, "no rule")

  local m = load("mountain_county")
  local sc = cp.rules_score(m, "household_visits", 25)
  t.eq(sc.points, 17.5, "points")
  t.eq(sc.deduction, 2.5, "deduction")
  t.eq(sc.shortfall, 5.0, "shortfall")
  t.eq(sc.capped, false, "capped")
  t.eq(sc.ref.key, "assessment.items[household_visits].deduct[0]", "rule")
  t.eq(cp.rules_score(m, "security", 8).points, 4.0, "lower is better")
  t.eq(cp.rules_score(n, "satisfaction", 0.72).capped, true, "capped at weight")

  t.eq(n:grade_for(85), "good", "grade")
  t.eq(n:grade_for(59.5), "fail", "fail")
  t.eq(n:sanction_applies("last_place_transfer", 9, 9, 2, 78, 0, "75"), true, "transfer")
  t.eq(n:sanction_applies("last_place_transfer", 9, 9, 2, 82, 0, "75"), false, "82 is enough")
  t.eq(n:sanction_applies("last_place_transfer", 9, 9, 2, 70, 0, "85"), false, "85 before")
  t.eq(n:sanction_applies("last_place_transfer", 9, 9, 2, 70, 0, "80"), false, "80 before")
  t.eq(n:sanction_applies("nameplate_revoked", 0, 0, 0, 0, 0.89), true, "nameplate")

  t.eq(cp.rules_duration_add("1y", "2024-02-29"), "2025-02-28", "duration")
  local first, last = cp.rules_cadence_period("half-month", "2024-02-20")
  t.eq(first .. " " .. last, "2024-02-16 2024-02-29", "half month")

  local err = t.raises("CPOL_EINVAL", function() n:is_working_day("2024-02-30") end)
  assert(err.message:find("^date: no such date"), err.message)
end)

t.test("a failing rule test is reported", function()
  local r = cp.rules_string("region: t\ntests:\n"
    .. "  - {name: Saturday works, check: working_day, date: 2024-05-18, expect: true}\n",
    { name = "t.yaml" })
  local failed, results = cp.rules_run_tests(r)
  t.eq(failed, 1, "failed")
  t.eq(results[1].expected, "true", "expected")
  t.eq(results[1].actual, "false", "actual")
  t.eq(results[1].line, 3, "line")
  t.eq(results[1].file, "t.yaml", "file")
end)

local broken = {
  -- text, error name, line, column, message
  { "region: t\nvisits:\n  househods_per_month: 3\n", "CPOL_ERULES", 3, 3,
    "did you mean 'households_per_month'?" },
  { "region: t\nvisits:\n  days_in_district_per_week: 8\n", "CPOL_ERULES", 3, 30,
    "8 is out of range: must be between 0 and 7" },
  { "region: t\nvisits:\n  household_cadence: fortnightly\n", "CPOL_ERULES", 3, 22,
    "bad cadence 'fortnightly'" },
  { "region: t\nvisits:\n  contact_card: yes\n", "CPOL_ERULES", 3, 17,
    "expected true or false, got 'yes'" },
  { "region: t\nvisits: {households_per_month: 3\n", "CPOL_EPARSE", 3, nil,
    "did not find expected" },
  { "region: t\nextends: atlantis\n", "CPOL_ENOTFOUND", 2, 10,
    "parent region 'atlantis' not found" },
}

t.test("broken rules raise with file, line and column", function()
  for _, b in ipairs(broken) do
    local err = t.raises(b[2], function()
      cp.rules_string(b[1], { name = "bad.yaml", search_path = regions_dir })
    end)
    t.eq(err.file, "bad.yaml", "file")
    t.eq(err.line, b[3], b[5] .. ": line")
    if b[4] then t.eq(err.column, b[4], b[5] .. ": column") end
    assert(err.column > 0, "no column")
    assert(err.message:find(b[5], 1, true), err.message)
    assert(err.message:find("^bad%.yaml:" .. err.line .. ":" .. err.column .. ": "), err.message)
  end
  local err = t.raises("CPOL_ERULES", function()
    cp.rules_string("region: t\nassessment:\n  items:\n    - {id: a, name: A, metric: m, weight: -1}\n")
  end)
  t.eq(err.field, "assessment.items[a].weight", "field")
  t.eq(err.file, "<string>", "default name")
end)

t.test("an error in a parent names the parent", function()
  local dir = t.tmpname("")
  os.execute("mkdir -p '" .. dir .. "'")
  write(dir .. "/par.yaml", "region: par\nvisits:\n  households_per_month: many\n")
  write(dir .. "/kid.yaml", "region: kid\nextends: par\n")
  local err = t.raises("CPOL_ERULES", function() cp.rules_file(dir .. "/kid.yaml") end)
  t.eq(err.file, dir .. "/par.yaml", "parent file")
  t.eq(err.line, 3, "line")
  t.eq(err.column, 25, "column")
  os.remove(dir .. "/par.yaml")
  os.remove(dir .. "/kid.yaml")
  os.remove(dir)
end)

t.test("the hash is stable across order, spacing, comments and spelling", function()
  local base = "region: t\nvisits:\n  households_per_month: 30\n  feedback_within: 1w\n"
  local h = cp.rules_string(base):hash()
  t.eq(#h, 64, "hex")
  t.eq(cp.rules_string("# same\nvisits:\n    feedback_within:   7d\n    households_per_month: 30\n"
    .. "region: t\nsource: x\n"):hash(), h, "same rules")
  assert(cp.rules_string((base:gsub("30", "31"))):hash() ~= h, "changed value")
  t.eq(cp.rules_string(base):hash(), h, "stable")
  local canon = cp.rules_string(base):canonical()
  assert(canon:find('"households_per_month":30', 1, true), canon)
  local seen = {}
  for _, name in ipairs(regions) do
    local rh = load(name):hash()
    assert(not seen[rh], name .. " shares a hash")
    seen[rh] = true
  end
end)

-- Dated values (docs/rules.md): 20 training days from 2026-01-01, the
-- national 15 before; the day's rules outlive the rules they came from.
t.test("dated values by day through inheritance", function()
  local r = cp.rules_string("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
                            .. "    - {value: 20, from: 2026-01-01}\n", { name = "d.yaml" })
  t.eq(r:is_dated(), 1, "dated")
  t.eq(cp.rules_get(r:at_date("2025-12-31"), "duty.training_days_per_year"), 15, "before")
  local day = r:at_date("2026-01-01")
  local hash = r:hash()
  r = nil
  collectgarbage()
  t.eq(cp.rules_get(day, "duty.training_days_per_year"), 20, "from")
  t.eq(day:hash(), hash, "hash of the whole set")
end)

t.run()
