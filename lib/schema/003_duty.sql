-- libcommpolice schema 003: duty rosters (duty module).
--
-- Availability and preferences of staff, and stored rosters. Nothing is
-- deleted: a record is archived (archived_at set), and a roster stored for
-- an office over days that a live roster already covers archives the older
-- one, so earlier versions stay readable and fairness can be carried over
-- from what was actually rostered.

CREATE TABLE duty_availability (             -- 请假, 集中培训, 病假
	id          INTEGER PRIMARY KEY,
	staff_id    INTEGER NOT NULL REFERENCES staff (id),
	kind        TEXT    NOT NULL CHECK (kind IN ('leave', 'training', 'sick', 'other')),
	date_from   TEXT    NOT NULL,            -- YYYY-MM-DD, first day away
	date_to     TEXT    NOT NULL,            -- last day away
	note        TEXT,
	archived_at TEXT,
	CHECK (date_to >= date_from)
);
CREATE INDEX duty_availability_by_staff ON duty_availability (staff_id, date_from)
	WHERE archived_at IS NULL;

CREATE TABLE duty_preference (
	id          INTEGER PRIMARY KEY,
	staff_id    INTEGER NOT NULL REFERENCES staff (id),
	date        TEXT,                        -- a day, or NULL for any
	weekdays    INTEGER NOT NULL DEFAULT 0,  -- bit n = ISO weekday n; 0 for any
	shift       TEXT,                        -- a shift code, or NULL for any
	want        INTEGER NOT NULL CHECK (want IN (-1, 1)),
	weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
	archived_at TEXT
);
CREATE INDEX duty_preference_by_staff ON duty_preference (staff_id) WHERE archived_at IS NULL;

CREATE TABLE duty_roster (
	id              INTEGER PRIMARY KEY,
	office_id       INTEGER NOT NULL REFERENCES office (id),
	date_from       TEXT    NOT NULL,
	date_to         TEXT    NOT NULL,
	seed            INTEGER NOT NULL DEFAULT 0,
	hard_violations INTEGER NOT NULL DEFAULT 0,
	soft_penalty    INTEGER NOT NULL DEFAULT 0,
	archived_at     TEXT,
	CHECK (date_to >= date_from)
);
CREATE INDEX duty_roster_by_office ON duty_roster (office_id, date_from) WHERE archived_at IS NULL;

CREATE TABLE duty_assignment (               -- one person on one shift on one day
	id          INTEGER PRIMARY KEY,
	roster_id   INTEGER NOT NULL REFERENCES duty_roster (id),
	staff_id    INTEGER NOT NULL REFERENCES staff (id),
	date        TEXT    NOT NULL,
	shift       TEXT    NOT NULL,            -- shift code
	start_min   INTEGER NOT NULL,            -- minutes after midnight of date
	end_min     INTEGER NOT NULL,            -- may pass 1440 (a night)
	night       INTEGER NOT NULL DEFAULT 0,  -- counted as a night (duty or patrol)
	weekend     INTEGER NOT NULL DEFAULT 0,  -- on a weekend day that was not a working day
	holiday     INTEGER NOT NULL DEFAULT 0,  -- on a public holiday
	archived_at TEXT
);
CREATE INDEX duty_assignment_by_roster ON duty_assignment (roster_id, date);
CREATE INDEX duty_assignment_by_staff ON duty_assignment (staff_id, date) WHERE archived_at IS NULL;
