-- libcommpolice schema 002: organisations, addresses, houses, persons
-- (modules org, address, population, import).
--
-- Conventions (docs/hacking.md): dates are ISO text; enumerations are
-- stored as readable words; records are archived (archived_at), never
-- deleted; relations that change over time are periods (valid_from,
-- valid_to with NULL while open). A CHECK on more than two words is
-- written `x = 'a' OR x = 'b' OR ...`, not `x IN ('a', 'b', 'c')`: SQLite
-- evaluates a constant IN list of three or more by building a temporary
-- b-tree of it on every execution of the statement, which was over a third
-- of the bulk import's instructions (tests/bench/callgrind_population.sh). The audit triggers are added by the
-- library after the migration (lib/schema.c).

-- ------------------------------------------------------------------ org
CREATE TABLE region (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL,              -- rule-set name for cpol_rules_load_region()
	name        TEXT NOT NULL,
	archived_at TEXT
);
CREATE UNIQUE INDEX region_code ON region (code) WHERE archived_at IS NULL;

CREATE TABLE station (                      -- 公安派出所
	id          INTEGER PRIMARY KEY,
	region_id   INTEGER NOT NULL REFERENCES region (id),
	name        TEXT NOT NULL,
	code        TEXT,
	archived_at TEXT
);
CREATE UNIQUE INDEX station_code ON station (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX station_by_region ON station (region_id);

CREATE TABLE office (                       -- 社区警务室 / 农村警务室
	id           INTEGER PRIMARY KEY,
	station_id   INTEGER NOT NULL REFERENCES station (id),
	name         TEXT NOT NULL,
	code         TEXT,
	office_class TEXT,                      -- staffing.office_classes[].code
	model        TEXT,                      -- staffing.models[].code
	area_m2      REAL NOT NULL DEFAULT 0,
	archived_at  TEXT
);
CREATE UNIQUE INDEX office_code ON office (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX office_by_station ON office (station_id);

CREATE TABLE district (                     -- 警务区 / 责任区
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	name        TEXT NOT NULL,
	code        TEXT,
	archived_at TEXT
);
CREATE UNIQUE INDEX district_code ON district (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX district_by_office ON district (office_id);

CREATE TABLE community (                    -- 社区 / 村: the root of the address tree
	id          INTEGER PRIMARY KEY,
	station_id  INTEGER NOT NULL REFERENCES station (id),
	kind        TEXT NOT NULL CHECK (kind IN ('urban', 'village')),
	name        TEXT NOT NULL,
	area_prefix TEXT,                       -- 省市区街道, printed before the name
	code        TEXT,
	archived_at TEXT
);
CREATE UNIQUE INDEX community_code ON community (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX community_by_name ON community (name);

CREATE TABLE coverage (                     -- a district covers a community for a period
	id           INTEGER PRIMARY KEY,
	district_id  INTEGER NOT NULL REFERENCES district (id),
	community_id INTEGER NOT NULL REFERENCES community (id),
	valid_from   TEXT NOT NULL,
	valid_to     TEXT,
	archived_at  TEXT
);
CREATE INDEX coverage_by_community ON coverage (community_id, valid_from);
CREATE INDEX coverage_by_district ON coverage (district_id, valid_from);

CREATE TABLE staff (                        -- 民警 and 协勤
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	badge       TEXT,                       -- 警号, officers only
	kind        TEXT NOT NULL CHECK (kind IN ('officer', 'auxiliary')),
	phone       TEXT,
	archived_at TEXT,
	CHECK ((kind = 'officer') = (badge IS NOT NULL))
);
CREATE UNIQUE INDEX staff_badge ON staff (badge) WHERE badge IS NOT NULL AND archived_at IS NULL;

CREATE TABLE staff_assignment (
	id                  INTEGER PRIMARY KEY,
	staff_id            INTEGER NOT NULL REFERENCES staff (id),
	office_id           INTEGER NOT NULL REFERENCES office (id),
	district_id         INTEGER REFERENCES district (id),
	dedicated_community INTEGER NOT NULL DEFAULT 0 CHECK (dedicated_community IN (0, 1)),
	valid_from          TEXT NOT NULL,
	valid_to            TEXT,
	end_reason          TEXT,
	archived_at         TEXT
);
CREATE INDEX staff_assignment_by_staff ON staff_assignment (staff_id, valid_from);
CREATE INDEX staff_assignment_by_office ON staff_assignment (office_id, valid_from);

-- ------------------------------------------------------------- address
CREATE TABLE address (                      -- 标准地址: 街路巷 / 门牌 / 单元 / 户室
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES community (id),
	parent_id    INTEGER REFERENCES address (id),
	level        TEXT NOT NULL CHECK (level = 'street' OR level = 'building' OR level = 'unit' OR level = 'room'),
	name         TEXT NOT NULL,
	-- ids of the ancestors, "/12/345/": a subtree is one range of this index.
	path         TEXT NOT NULL,
	archived_at  TEXT
);
CREATE UNIQUE INDEX address_child ON address (community_id, ifnull(parent_id, 0), name)
	WHERE archived_at IS NULL;
CREATE INDEX address_by_path ON address (path);

CREATE TABLE house (                        -- 实有房屋
	id              INTEGER PRIMARY KEY,
	address_id      INTEGER NOT NULL REFERENCES address (id),
	community_id    INTEGER NOT NULL REFERENCES community (id),  -- the address's, for per-office scans
	use             TEXT NOT NULL DEFAULT 'residential'
	                CHECK (use = 'residential' OR use = 'commercial' OR use = 'mixed' OR use = 'dormitory'
	                       OR use = 'other'),
	status          TEXT NOT NULL DEFAULT 'self'
	                CHECK (status = 'self' OR status = 'rented' OR status = 'vacant' OR status = 'lent'),
	owner_name      TEXT,
	owner_id_number TEXT,
	owner_phone     TEXT,
	note            TEXT,
	archived_at     TEXT
);
CREATE UNIQUE INDEX house_address ON house (address_id) WHERE archived_at IS NULL;
CREATE INDEX house_by_community ON house (community_id);

CREATE TABLE rental (                       -- 出租房屋登记
	id                 INTEGER PRIMARY KEY,
	house_id           INTEGER NOT NULL REFERENCES house (id),
	landlord_name      TEXT NOT NULL,
	landlord_id_number TEXT,
	landlord_phone     TEXT,
	registration_no    TEXT,
	registered_on      TEXT NOT NULL,
	valid_to           TEXT,                -- last valid day of the registration
	ended_on           TEXT,                -- last day of the letting
	archived_at        TEXT
);
CREATE INDEX rental_by_house ON rental (house_id, registered_on);

-- ---------------------------------------------------------- population
CREATE TABLE person (                       -- 实有人口
	id               INTEGER PRIMARY KEY,
	id_kind          TEXT NOT NULL CHECK (id_kind IN ('resident', 'passport')),
	id_number        TEXT NOT NULL,
	id_number_old    TEXT,                  -- the 15-digit number it was upgraded from
	nationality      TEXT NOT NULL,
	name             TEXT NOT NULL,
	sex              TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female' OR sex = 'unknown'),
	birth_date       TEXT,
	phone            TEXT,
	hukou            TEXT,                  -- 户籍地址 as text
	hukou_address_id INTEGER REFERENCES address (id),
	office_id        INTEGER REFERENCES office (id),  -- the managing office now
	office_since     TEXT,
	archived_at      TEXT
);
CREATE UNIQUE INDEX person_id_number ON person (id_number, id_kind, nationality)
	WHERE archived_at IS NULL;
CREATE INDEX person_by_name ON person (name);
CREATE INDEX person_by_office ON person (office_id);

-- Closed periods of management; the current one is person.office_id/office_since.
CREATE TABLE management (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person (id),
	office_id   INTEGER REFERENCES office (id),
	valid_from  TEXT,
	valid_to    TEXT NOT NULL,
	reason      TEXT NOT NULL,
	archived_at TEXT
);
CREATE INDEX management_by_person ON management (person_id, valid_to);

CREATE TABLE residence (                    -- a period of actual residence at a house
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES person (id),
	house_id        INTEGER NOT NULL REFERENCES house (id),
	type            TEXT NOT NULL,          -- population.residence_types[].code
	relation        TEXT NOT NULL DEFAULT 'family'
	                CHECK (relation = 'owner' OR relation = 'family' OR relation = 'tenant' OR relation = 'other'),
	rental_id       INTEGER REFERENCES rental (id),
	valid_from      TEXT NOT NULL,
	valid_to        TEXT,
	registered_on   TEXT,                   -- 暂住登记 / 居住证
	permit_no       TEXT,
	permit_valid_to TEXT,
	reason_in       TEXT,
	reason_out      TEXT,
	archived_at     TEXT
);
CREATE INDEX residence_by_person ON residence (person_id, valid_from);
CREATE INDEX residence_by_house ON residence (house_id, valid_from);

CREATE TABLE label (                        -- 重点人员, 社区矫正, 帮教, 关爱...
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person (id),
	code        TEXT NOT NULL,              -- population.labels[].code
	valid_from  TEXT NOT NULL,
	valid_to    TEXT,
	reason      TEXT NOT NULL,
	set_by      TEXT NOT NULL,
	end_reason  TEXT,
	ended_by    TEXT,
	archived_at TEXT
);
CREATE INDEX label_by_person ON label (person_id, valid_from);
CREATE INDEX label_by_code ON label (code, person_id);

CREATE TABLE contact (                      -- 管控记录: assessments, talks, visits
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind = 'assessment' OR kind = 'talk' OR kind = 'visit' OR kind = 'household'),
	person_id   INTEGER REFERENCES person (id),
	house_id    INTEGER REFERENCES house (id),
	staff_id    INTEGER REFERENCES staff (id),
	on_date     TEXT NOT NULL,
	note        TEXT,
	archived_at TEXT,
	CHECK (person_id IS NOT NULL OR house_id IS NOT NULL)
);
CREATE INDEX contact_by_person ON contact (person_id, kind, on_date);
CREATE INDEX contact_by_house ON contact (house_id, kind, on_date);

-- -------------------------------------------------------------- import
CREATE TABLE import_run (                   -- one bulk import of a CSV file
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind = 'addresses' OR kind = 'houses' OR kind = 'persons'),
	file_name    TEXT NOT NULL,
	file_size    INTEGER NOT NULL,
	file_digest  TEXT NOT NULL,             -- of the first 64 KiB and the size: finds the run to resume
	encoding     TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('running', 'done')),
	records_done INTEGER NOT NULL DEFAULT 0,  -- data records committed (good or bad)
	rows_ok      INTEGER NOT NULL DEFAULT 0,
	rows_bad     INTEGER NOT NULL DEFAULT 0,
	first_row_id INTEGER,                   -- first and last person/house/address id written
	last_row_id  INTEGER,
	started_at   TEXT NOT NULL,
	finished_at  TEXT,
	actor        TEXT NOT NULL,
	archived_at  TEXT
);
CREATE INDEX import_run_by_file ON import_run (file_digest, status);

CREATE TABLE import_problem (               -- a bad row: where and why
	id          INTEGER PRIMARY KEY,
	run_id      INTEGER NOT NULL REFERENCES import_run (id),
	line        INTEGER NOT NULL,
	col         INTEGER NOT NULL,
	field       TEXT,
	reason      TEXT NOT NULL,
	archived_at TEXT
);
CREATE INDEX import_problem_by_run ON import_problem (run_id, line);
