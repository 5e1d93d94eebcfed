-- Research exports from Lua: an iterator of row tables, numbers as integers,
-- pseudonyms under a key, k by households, errors as tables.
local cp = require "commpolice"
local t = require "testlib"

local function town()
  local db = cp.Database(":memory:", "320601")
  local region = cp.pop_region_add(db, "national", nil)
  local station = cp.pop_station_add(db, region, "城东派出所", nil)
  local office = cp.pop_office_add(db, station, "城东社区警务室", nil, nil, nil, 0)
  local district = cp.pop_district_add(db, office, "一区", nil)
  local community = cp.pop_community_add(db, station, "urban", "城东社区", nil, nil)
  cp.pop_district_cover(db, district, community, "2020-01-01")
  local room = cp.pop_address_ensure(db, community, "解放路", "12", "2", "301")
  local house = cp.pop_house_add(db, room, nil, nil, nil, nil, nil, nil)
  -- two persons of one household (check characters by ISO 7064 MOD 11-2)
  for _, id in ipairs({ "110105199003071239", "110105199003071220" }) do
    local p = cp.pop_person_add(db, id, "张伟", office, nil, nil, nil, nil, "13812345678", nil, 0, nil, nil)
    cp.pop_move_in(db, p, house, "permanent", "2024-01-01", nil, 0, nil, nil, nil, nil, nil)
  end
  return db
end

local function key_file(text)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

t.test("rows come from an iterator as tables, nothing identifying in them", function()
  local db = town()
  local key = key_file(string.rep("k", 32))
  local n, rows = 0, {}
  for row in cp.export_rows(db, "persons", { key_file = key }) do
    n = n + 1
    rows[n] = row
  end
  os.remove(key)
  t.eq(n, 2, "rows")
  t.eq(rows[1].name, nil, "name dropped")
  t.eq(rows[1].phone, nil, "phone dropped")
  t.eq(rows[1].id_number, "110105", "ID cut to its region")
  t.eq(rows[1].birth_date, "1990", "birth year")
  t.eq(#rows[1].person, 16, "pseudonym")
  t.eq(math.type(rows[1].office_id), "integer", "office id an integer")
  t.eq(rows[1].household, rows[2].household, "one household")
end)

t.test("k counts the household once", function()
  local db = town()
  local key = key_file(string.rep("k", 32))
  local it, cur = cp.export_rows(db, "persons", { key_file = key })
  for _ in it do end
  os.remove(key)
  t.eq(cur:k(), 1, "two persons, one household")
  t.eq(cur:rows(), 2, "rows")
end)

t.test("no key for a pseudonym is an error table", function()
  local db = town()
  local err = t.raises("CPOL_EINVAL", function() cp.export_rows(db, "persons") end)
  t.eq(err.field, "person", "field")
end)

t.run()
