-- Add a custom metric to the assessment and score with it (Lua).
--
-- A county rewards good deeds (好人好事) reported by residents; the count is
-- kept outside libcommpolice (here a small table, in practice the county's
-- commendation register). The script builds a small office in the database
-- given as its argument (default custom_metric.db), records each officer's
-- information items (信息收集) for the quarter, which the built-in metric
-- `information_items` counts, adds `good_deeds` as a Lua callback
-- metric, scores 2024-Q2 by rules that use both, and prints the ranking and
-- the explanation of the first officer.
--
-- Run it with LUA_CPATH pointing at the built module (make check does).
local cp = require "commpolice"

local RULES = [[
region: example_county
extends: national
assessment:
  period: quarter
  ranking_scope: station
  items:
    - {id: information, name: 信息收集, metric: information_items, weight: 100, target: 10,
       deduct: [{per_unit: 4}]}
  bonus:
    - {id: good_deeds, name: 好人好事, metric: good_deeds, per_unit: 2, max: 6}
  grades:
    - {code: excellent, name: 优秀, min: 90}
    - {code: pass, name: 合格, min: 60}
    - {code: fail, name: 不合格, min: 0}
]]

-- The commendation register: badge and date of each good deed.
local REGISTER = {
  { "300001", "2024-04-12" }, { "300001", "2024-05-30" }, { "300001", "2024-06-02" },
  { "300002", "2024-05-18" },
  { "300003", "2024-03-30" }, -- last quarter: does not count
}

local path = arg[1] or "custom_metric.db"
local db = cp.Database(path, "example")
local rules = cp.Rules(RULES, "text", nil, "example_county.yaml")
local region = cp.pop_region_add(db, "example_county", "示例县")
local station = cp.pop_station_add(db, region, "城关派出所", nil)
local office = cp.pop_office_add(db, station, "城关社区警务室", nil, nil, nil, 0)
local badges = {}
for _, o in ipairs({ { "王建国", "300001", 9 }, { "李秀英", "300002", 10 }, { "张志强", "300003", 7 } }) do
  local id = cp.pop_staff_add(db, office, o[1], "officer", "2024-01-01", o[2], 0, 0, nil)
  badges[id] = o[2]
  for k = 1, o[3] do
    db:info_item_add(office, id, string.format("2024-04-%02d", k), "社情民意", "辖区信息第" .. k .. "条")
  end
end

local first, last = cp.assess_period_start("2024-Q2"), cp.assess_period_end("2024-Q2")
local assessor = cp.Assessor(db, rules)
assessor:add_metric("good_deeds", function(name, subject, subject_id, office_id, period)
  local n = 0
  for _, r in ipairs(REGISTER) do
    if r[1] == badges[subject_id] and r[2] >= first and r[2] <= last then n = n + 1 end
  end
  return n, n, 0, n .. " deeds in the commendation register"
end, "count")

local q2 = assessor:score("2024-Q2")
local results = cp.assess_results(q2)
for _, r in ipairs(results) do
  local s = {}
  for _, x in ipairs(r.sanctions) do s[#s + 1] = x.id end
  print(string.format("rank %d  %s %6.2f  %s %s", r.rank, r.name, r.total, r.grade, table.concat(s, " ")))
end
print()
print(q2:explain(results[1].subject_id))
-- 王建国: information 9 → 100 − 4 = 96, good deeds 3 × 2 = 6 → 102.00
assert(results[1].name == "王建国" and results[1].total == 102.0)
db:close()
