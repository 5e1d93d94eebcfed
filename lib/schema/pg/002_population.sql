-- libcommpolice schema 002, PostgreSQL form of lib/schema/002_population.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
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
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	code        text NOT NULL,              -- rule-set name for cpol_rules_load_region()
	name        text NOT NULL,
	archived_at text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX region_code ON region (code) WHERE archived_at IS NULL;

CREATE TABLE station (                      -- 公安派出所
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	region_id   bigint  NOT NULL REFERENCES region (id),
	name        text NOT NULL,
	code        text,
	archived_at text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX station_code ON station (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX station_by_region ON station (region_id);

CREATE TABLE office (                       -- 社区警务室 / 农村警务室
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id   bigint  NOT NULL REFERENCES station (id),
	name         text NOT NULL,
	code         text,
	office_class text,                      -- staffing.office_classes[].code
	model        text,                      -- staffing.models[].code
	area_m2      double precision NOT NULL DEFAULT 0,
	archived_at  text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX office_code ON office (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX office_by_station ON office (station_id);

CREATE TABLE district (                     -- 警务区 / 责任区
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	office_id   bigint  NOT NULL REFERENCES office (id),
	name        text NOT NULL,
	code        text,
	archived_at text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX district_code ON district (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX district_by_office ON district (office_id);

CREATE TABLE community (                    -- 社区 / 村: the root of the address tree
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id  bigint  NOT NULL REFERENCES station (id),
	kind        text NOT NULL CHECK (kind IN ('urban', 'village')),
	name        text NOT NULL,
	area_prefix text,                       -- 省市区街道, printed before the name
	code        text,
	archived_at text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX community_code ON community (code) WHERE code IS NOT NULL AND archived_at IS NULL;
CREATE INDEX community_by_name ON community (name);

CREATE TABLE coverage (                     -- a district covers a community for a period
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	district_id  bigint  NOT NULL REFERENCES district (id),
	community_id bigint  NOT NULL REFERENCES community (id),
	valid_from   text NOT NULL,
	valid_to     text,
	archived_at  text,
	PRIMARY KEY (id)
);
CREATE INDEX coverage_by_community ON coverage (community_id, valid_from);
CREATE INDEX coverage_by_district ON coverage (district_id, valid_from);

CREATE TABLE staff (                        -- 民警 and 协勤
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	name        text NOT NULL,
	badge       text,                       -- 警号, officers only
	kind        text NOT NULL CHECK (kind IN ('officer', 'auxiliary')),
	phone       text,
	archived_at text,
	CHECK ((kind = 'officer') = (badge IS NOT NULL)),
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX staff_badge ON staff (badge) WHERE badge IS NOT NULL AND archived_at IS NULL;

CREATE TABLE staff_assignment (
	id                  bigint NOT NULL DEFAULT cpol_next_id(),
	staff_id            bigint  NOT NULL REFERENCES staff (id),
	office_id           bigint  NOT NULL REFERENCES office (id),
	district_id         bigint  REFERENCES district (id),
	dedicated_community bigint  NOT NULL DEFAULT 0 CHECK (dedicated_community IN (0, 1)),
	valid_from          text NOT NULL,
	valid_to            text,
	end_reason          text,
	archived_at         text,
	PRIMARY KEY (id)
);
CREATE INDEX staff_assignment_by_staff ON staff_assignment (staff_id, valid_from);
CREATE INDEX staff_assignment_by_office ON staff_assignment (office_id, valid_from);

-- ------------------------------------------------------------- address
CREATE TABLE address (                      -- 标准地址: 街路巷 / 门牌 / 单元 / 户室
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	community_id bigint  NOT NULL REFERENCES community (id),
	parent_id    bigint,
	level        text NOT NULL CHECK (level = 'street' OR level = 'building' OR level = 'unit' OR level = 'room'),
	name         text NOT NULL,
	-- ids of the ancestors, "/12/345/": a subtree is one range of this index.
	path         text NOT NULL,
	archived_at  text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, parent_id) REFERENCES address (station_id, id)
);
CREATE UNIQUE INDEX address_child ON address (station_id, community_id, coalesce(parent_id, 0), name)
	WHERE archived_at IS NULL;
CREATE INDEX address_by_path ON address (path);

CREATE TABLE house (                        -- 实有房屋
	id              bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	address_id      bigint  NOT NULL,
	community_id    bigint  NOT NULL REFERENCES community (id),  -- the address's, for per-office scans
	use             text NOT NULL DEFAULT 'residential'
	                CHECK (use = 'residential' OR use = 'commercial' OR use = 'mixed' OR use = 'dormitory'
	                       OR use = 'other'),
	status          text NOT NULL DEFAULT 'self'
	                CHECK (status = 'self' OR status = 'rented' OR status = 'vacant' OR status = 'lent'),
	owner_name      text,
	owner_id_number text,
	owner_phone     text,
	note            text,
	archived_at     text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, address_id) REFERENCES address (station_id, id)
);
CREATE UNIQUE INDEX house_address ON house (station_id, address_id) WHERE archived_at IS NULL;
CREATE INDEX house_by_community ON house (community_id);

CREATE TABLE rental (                       -- 出租房屋登记
	id                 bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	house_id           bigint  NOT NULL,
	landlord_name      text NOT NULL,
	landlord_id_number text,
	landlord_phone     text,
	registration_no    text,
	registered_on      text NOT NULL,
	valid_to           text,                -- last valid day of the registration
	ended_on           text,                -- last day of the letting
	archived_at        text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, house_id) REFERENCES house (station_id, id)
);
CREATE INDEX rental_by_house ON rental (house_id, registered_on);

-- ---------------------------------------------------------- population
CREATE TABLE person (                       -- 实有人口
	id               bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	id_kind          text NOT NULL CHECK (id_kind IN ('resident', 'passport')),
	id_number        text NOT NULL,
	id_number_old    text,                  -- the 15-digit number it was upgraded from
	nationality      text NOT NULL,
	name             text NOT NULL,
	sex              text NOT NULL CHECK (sex = 'male' OR sex = 'female' OR sex = 'unknown'),
	birth_date       text,
	phone            text,
	hukou            text,                  -- 户籍地址 as text
	hukou_address_id bigint,
	office_id        bigint  REFERENCES office (id),  -- the managing office now
	office_since     text,
	archived_at      text,
	PRIMARY KEY (station_id, id)
);
CREATE UNIQUE INDEX person_id_number ON person (station_id, id_number, id_kind, nationality)
	WHERE archived_at IS NULL;
CREATE INDEX person_by_name ON person (name);
CREATE INDEX person_by_office ON person (office_id);

-- Closed periods of management; the current one is person.office_id/office_since.
CREATE TABLE management (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	person_id   bigint  NOT NULL,
	office_id   bigint  REFERENCES office (id),
	valid_from  text,
	valid_to    text NOT NULL,
	reason      text NOT NULL,
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, person_id) REFERENCES person (station_id, id)
);
CREATE INDEX management_by_person ON management (person_id, valid_to);

CREATE TABLE residence (                    -- a period of actual residence at a house
	id              bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	person_id       bigint  NOT NULL,
	house_id        bigint  NOT NULL,
	type            text NOT NULL,          -- population.residence_types[].code
	relation        text NOT NULL DEFAULT 'family'
	                CHECK (relation = 'owner' OR relation = 'family' OR relation = 'tenant' OR relation = 'other'),
	rental_id       bigint,
	valid_from      text NOT NULL,
	valid_to        text,
	registered_on   text,                   -- 暂住登记 / 居住证
	permit_no       text,
	permit_valid_to text,
	reason_in       text,
	reason_out      text,
	archived_at     text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, person_id) REFERENCES person (station_id, id)
);
CREATE INDEX residence_by_person ON residence (person_id, valid_from);
CREATE INDEX residence_by_house ON residence (house_id, valid_from);

CREATE TABLE label (                        -- 重点人员, 社区矫正, 帮教, 关爱...
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	person_id   bigint  NOT NULL,
	code        text NOT NULL,              -- population.labels[].code
	valid_from  text NOT NULL,
	valid_to    text,
	reason      text NOT NULL,
	set_by      text NOT NULL,
	end_reason  text,
	ended_by    text,
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, person_id) REFERENCES person (station_id, id)
);
CREATE INDEX label_by_person ON label (person_id, valid_from);
CREATE INDEX label_by_code ON label (code, person_id);

CREATE TABLE contact (                      -- 管控记录: assessments, talks, visits
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	kind        text NOT NULL CHECK (kind = 'assessment' OR kind = 'talk' OR kind = 'visit' OR kind = 'household'),
	person_id   bigint,
	house_id    bigint,
	staff_id    bigint  REFERENCES staff (id),
	on_date     text NOT NULL,
	note        text,
	archived_at text,
	CHECK (person_id IS NOT NULL OR house_id IS NOT NULL),
	PRIMARY KEY (station_id, id)
);
CREATE INDEX contact_by_person ON contact (person_id, kind, on_date);
CREATE INDEX contact_by_house ON contact (house_id, kind, on_date);

-- -------------------------------------------------------------- import
CREATE TABLE import_run (                   -- one bulk import of a CSV file
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	kind         text NOT NULL CHECK (kind = 'addresses' OR kind = 'houses' OR kind = 'persons'),
	file_name    text NOT NULL,
	file_size    bigint  NOT NULL,
	file_digest  text NOT NULL,             -- of the first 64 KiB and the size: finds the run to resume
	encoding     text NOT NULL,
	status       text NOT NULL CHECK (status IN ('running', 'done')),
	records_done bigint  NOT NULL DEFAULT 0,  -- data records committed (good or bad)
	rows_ok      bigint  NOT NULL DEFAULT 0,
	rows_bad     bigint  NOT NULL DEFAULT 0,
	first_row_id bigint,                   -- first and last person/house/address id written
	last_row_id  bigint,
	started_at   text NOT NULL,
	finished_at  text,
	actor        text NOT NULL,
	archived_at  text,
	PRIMARY KEY (id)
);
CREATE INDEX import_run_by_file ON import_run (file_digest, status);

CREATE TABLE import_problem (               -- a bad row: where and why
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	run_id      bigint  NOT NULL REFERENCES import_run (id),
	line        bigint  NOT NULL,
	col         bigint  NOT NULL,
	field       text,
	reason      text NOT NULL,
	archived_at text,
	PRIMARY KEY (id)
);
CREATE INDEX import_problem_by_run ON import_problem (run_id, line);

-- References that may cross stations (a person registered in one station's
-- area lives, or is visited, in another's): checked by cpol_soft_ref(), not
-- by a foreign key, which Citus could not keep across shards
-- (docs/postgresql.md, "Placement").
-- The targets found by id alone (ids are unique across stations: one sequence).
CREATE INDEX address_by_id ON address (id);
CREATE INDEX house_by_id ON house (id);
CREATE INDEX rental_by_id ON rental (id);
CREATE INDEX person_by_id ON person (id);
CREATE TRIGGER person_soft_refs BEFORE INSERT OR UPDATE ON person
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('hukou_address_id', 'address');
CREATE TRIGGER residence_soft_refs BEFORE INSERT OR UPDATE ON residence
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('house_id', 'house', 'rental_id', 'rental');
CREATE TRIGGER contact_soft_refs BEFORE INSERT OR UPDATE ON contact
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('person_id', 'person', 'house_id', 'house');
INSERT INTO cpol_soft_reference (table_name, column_name, target) VALUES
	('person', 'hukou_address_id', 'address'),
	('residence', 'house_id', 'house'),
	('residence', 'rental_id', 'rental'),
	('contact', 'person_id', 'person'),
	('contact', 'house_id', 'house');

INSERT INTO cpol_placement (table_name, placement) VALUES
	('region', 'reference'),
	('station', 'reference'),
	('office', 'reference'),
	('district', 'reference'),
	('community', 'reference'),
	('coverage', 'reference'),
	('staff', 'reference'),
	('staff_assignment', 'reference'),
	('address', 'distributed'),
	('house', 'distributed'),
	('rental', 'distributed'),
	('person', 'distributed'),
	('management', 'distributed'),
	('residence', 'distributed'),
	('label', 'distributed'),
	('contact', 'distributed'),
	('import_run', 'reference'),
	('import_problem', 'reference');
