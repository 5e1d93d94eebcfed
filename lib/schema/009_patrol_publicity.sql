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
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER REFERENCES staff (id),
	on_date     TEXT    NOT NULL,
	start_time  TEXT    NOT NULL CHECK (length(start_time) = 5),
	end_time    TEXT    NOT NULL CHECK (length(end_time) = 5 AND end_time <> start_time),
	area        TEXT    NOT NULL CHECK (area <> ''),   -- the area or route
	volunteers  INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),
	night       INTEGER NOT NULL CHECK (night IN (0, 1)),
	note        TEXT,
	archived_at TEXT
);
CREATE INDEX patrol_by_office ON patrol (office_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX patrol_by_officer ON patrol (officer_id, on_date)
	WHERE officer_id IS NOT NULL AND archived_at IS NULL;

-- The auxiliaries (协勤, 巡防队员) on a patrol, as staff.
CREATE TABLE patrol_auxiliary (
	id          INTEGER PRIMARY KEY,
	patrol_id   INTEGER NOT NULL REFERENCES patrol (id),
	staff_id    INTEGER NOT NULL REFERENCES staff (id),
	archived_at TEXT
);
CREATE UNIQUE INDEX patrol_auxiliary_live ON patrol_auxiliary (patrol_id, staff_id)
	WHERE archived_at IS NULL;
CREATE INDEX patrol_auxiliary_by_staff ON patrol_auxiliary (staff_id);

-- 六防宣传: a publicity event on one of the six preventions.
CREATE TABLE publicity_event (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER REFERENCES staff (id),
	on_date     TEXT    NOT NULL,
	topic       TEXT    NOT NULL
	            CHECK (topic = 'fire' OR topic = 'theft' OR topic = 'poison' OR topic = 'sabotage'
	                   OR topic = 'traffic' OR topic = 'disaster'),
	place       TEXT    NOT NULL CHECK (place <> ''),
	audience    INTEGER NOT NULL DEFAULT 0 CHECK (audience >= 0),
	summary     TEXT,
	archived_at TEXT
);
CREATE INDEX publicity_by_office ON publicity_event (office_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX publicity_by_officer ON publicity_event (officer_id, on_date)
	WHERE officer_id IS NOT NULL AND archived_at IS NULL;

-- 每户一卡: a police contact card issued to a household (a house). A new
-- card for the same house is a new row; the latest live one issued on or
-- before a day is the house's card that day.
CREATE TABLE contact_card (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	house_id    INTEGER NOT NULL REFERENCES house (id),
	officer_id  INTEGER REFERENCES staff (id),
	issued_on   TEXT    NOT NULL,
	number      TEXT,
	archived_at TEXT
);
CREATE INDEX contact_card_by_house ON contact_card (house_id, issued_on) WHERE archived_at IS NULL;
CREATE INDEX contact_card_by_office ON contact_card (office_id, issued_on) WHERE archived_at IS NULL;

-- 失控: a person whose whereabouts are not known (行知去向 failed), from
-- lost_from until ended_on, the day the state ended (found, or known to
-- have left); NULL while lost. Lost on day d: lost_from <= d and
-- (ended_on IS NULL OR ended_on > d).
CREATE TABLE person_lost (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person (id),
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER REFERENCES staff (id),
	lost_from   TEXT    NOT NULL,
	found_by    TEXT    NOT NULL
	            CHECK (found_by = 'visit' OR found_by = 'check' OR found_by = 'report'
	                   OR found_by = 'other'),
	note        TEXT,
	ended_on    TEXT    CHECK (ended_on IS NULL OR ended_on >= lost_from),
	end_reason  TEXT    CHECK (end_reason IS NULL OR end_reason = 'located' OR end_reason = 'moved_away'
	                           OR end_reason = 'error' OR end_reason = 'other'),
	end_note    TEXT,
	archived_at TEXT,
	CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);
-- One open state per person.
CREATE UNIQUE INDEX person_lost_open ON person_lost (person_id)
	WHERE ended_on IS NULL AND archived_at IS NULL;
CREATE INDEX person_lost_by_person ON person_lost (person_id, lost_from);
CREATE INDEX person_lost_by_office ON person_lost (office_id, lost_from) WHERE archived_at IS NULL;
