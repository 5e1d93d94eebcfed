-- libcommpolice schema 009, PostgreSQL form of lib/schema/009_patrol_publicity.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 009: patrols (巡逻), publicity events (六防宣传),
-- police contact cards issued to households (每户一卡), and persons whose
-- whereabouts are unknown (失控) — module work (lib/work_patrol.c).
--
-- Conventions as in 002 (docs/hacking.md): ISO dates, readable words,
-- records archived (archived_at), never deleted; audited by the triggers
-- lib/schema.c adds to every table not in audit_exempt.

-- 巡逻: one patrol, led by an officer (or by auxiliaries and volunteers
-- alone: officer_id NULL). Times are "HH:MM"; an end_time before the
-- start_time ends on the next day (22:00-02:00), and the patrol belongs to
-- on_date, the day it started. night = 1 for a night patrol (any part of it
-- between 22:00 and 06:00, 噪声污染防治法 §88's 夜间, unless the caller said).
CREATE TABLE patrol (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  REFERENCES staff (id),
	on_date     text    NOT NULL,
	start_time  text    NOT NULL CHECK (length(start_time) = 5),
	end_time    text    NOT NULL CHECK (length(end_time) = 5 AND end_time <> start_time),
	area        text    NOT NULL CHECK (area <> ''),   -- the area or route
	volunteers  bigint  NOT NULL DEFAULT 0 CHECK (volunteers >= 0),
	night       bigint  NOT NULL CHECK (night IN (0, 1)),
	note        text,
	archived_at text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX patrol_by_office ON patrol (office_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX patrol_by_officer ON patrol (officer_id, on_date)
	WHERE officer_id IS NOT NULL AND archived_at IS NULL;

-- The auxiliaries (协勤, 巡防队员) on a patrol, as staff.
CREATE TABLE patrol_auxiliary (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	patrol_id   bigint  NOT NULL,
	staff_id    bigint  NOT NULL REFERENCES staff (id),
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, patrol_id) REFERENCES patrol (station_id, id)
);
CREATE UNIQUE INDEX patrol_auxiliary_live ON patrol_auxiliary (station_id, patrol_id, staff_id)
	WHERE archived_at IS NULL;
CREATE INDEX patrol_auxiliary_by_staff ON patrol_auxiliary (staff_id);

-- 六防宣传: a publicity event on one of the six preventions.
CREATE TABLE publicity_event (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  REFERENCES staff (id),
	on_date     text    NOT NULL,
	topic       text    NOT NULL
	            CHECK (topic = 'fire' OR topic = 'theft' OR topic = 'poison' OR topic = 'sabotage'
	                   OR topic = 'traffic' OR topic = 'disaster'),
	place       text    NOT NULL CHECK (place <> ''),
	audience    bigint  NOT NULL DEFAULT 0 CHECK (audience >= 0),
	summary     text,
	archived_at text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX publicity_by_office ON publicity_event (office_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX publicity_by_officer ON publicity_event (officer_id, on_date)
	WHERE officer_id IS NOT NULL AND archived_at IS NULL;

-- 每户一卡: a police contact card issued to a household (a house). A new
-- card for the same house is a new row; the latest live one issued on or
-- before a day is the house's card that day.
CREATE TABLE contact_card (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	house_id    bigint  NOT NULL,
	officer_id  bigint  REFERENCES staff (id),
	issued_on   text    NOT NULL,
	number      text,
	archived_at text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX contact_card_by_house ON contact_card (house_id, issued_on) WHERE archived_at IS NULL;
CREATE INDEX contact_card_by_office ON contact_card (office_id, issued_on) WHERE archived_at IS NULL;

-- 失控: a person whose whereabouts are not known (行知去向 failed), from
-- lost_from until ended_on, the day the state ended (found, or known to
-- have left); NULL while lost. Lost on day d: lost_from <= d and
-- (ended_on IS NULL OR ended_on > d).
CREATE TABLE person_lost (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	person_id   bigint  NOT NULL,
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  REFERENCES staff (id),
	lost_from   text    NOT NULL,
	found_by    text    NOT NULL
	            CHECK (found_by = 'visit' OR found_by = 'check' OR found_by = 'report'
	                   OR found_by = 'other'),
	note        text,
	ended_on    text    CHECK (ended_on IS NULL OR ended_on >= lost_from),
	end_reason  text    CHECK (end_reason IS NULL OR end_reason = 'located' OR end_reason = 'moved_away'
	                           OR end_reason = 'error' OR end_reason = 'other'),
	end_note    text,
	archived_at text,
	CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, person_id) REFERENCES person (station_id, id)
);
-- One open state per person.
CREATE UNIQUE INDEX person_lost_open ON person_lost (station_id, person_id)
	WHERE ended_on IS NULL AND archived_at IS NULL;
CREATE INDEX person_lost_by_person ON person_lost (person_id, lost_from);
CREATE INDEX person_lost_by_office ON person_lost (office_id, lost_from) WHERE archived_at IS NULL;

-- References that may cross stations (a person registered in one station's
-- area lives, or is visited, in another's): checked by cpol_soft_ref(), not
-- by a foreign key, which Citus could not keep across shards
-- (docs/postgresql.md, "Placement").
CREATE TRIGGER contact_card_soft_refs BEFORE INSERT OR UPDATE ON contact_card
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('house_id', 'house');
INSERT INTO cpol_soft_reference (table_name, column_name, target) VALUES
	('contact_card', 'house_id', 'house');

INSERT INTO cpol_placement (table_name, placement) VALUES
	('patrol', 'distributed'),
	('patrol_auxiliary', 'distributed'),
	('publicity_event', 'distributed'),
	('contact_card', 'distributed'),
	('person_lost', 'distributed');
