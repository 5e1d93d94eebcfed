-- libcommpolice schema 003, PostgreSQL form of lib/schema/003_duty.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 003: duty rosters (duty module).
--
-- Availability and preferences of staff, and stored rosters. Nothing is
-- deleted: a record is archived (archived_at set), and a roster stored for
-- an office over days that a live roster already covers archives the older
-- one, so earlier versions stay readable and fairness can be carried over
-- from what was actually rostered.

CREATE TABLE duty_availability (             -- 请假, 集中培训, 病假
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	staff_id    bigint  NOT NULL REFERENCES staff (id),
	kind        text    NOT NULL CHECK (kind IN ('leave', 'training', 'sick', 'other')),
	date_from   text    NOT NULL,            -- YYYY-MM-DD, first day away
	date_to     text    NOT NULL,            -- last day away
	note        text,
	archived_at text,
	CHECK (date_to >= date_from),
	PRIMARY KEY (id)
);
CREATE INDEX duty_availability_by_staff ON duty_availability (staff_id, date_from)
	WHERE archived_at IS NULL;

CREATE TABLE duty_preference (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	staff_id    bigint  NOT NULL REFERENCES staff (id),
	date        text,                        -- a day, or NULL for any
	weekdays    bigint  NOT NULL DEFAULT 0,  -- bit n = ISO weekday n; 0 for any
	shift       text,                        -- a shift code, or NULL for any
	want        bigint  NOT NULL CHECK (want IN (-1, 1)),
	weight      bigint  NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
	archived_at text,
	PRIMARY KEY (id)
);
CREATE INDEX duty_preference_by_staff ON duty_preference (staff_id) WHERE archived_at IS NULL;

CREATE TABLE duty_roster (
	id              bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id       bigint  NOT NULL REFERENCES office (id),
	date_from       text    NOT NULL,
	date_to         text    NOT NULL,
	seed            bigint  NOT NULL DEFAULT 0,
	hard_violations bigint  NOT NULL DEFAULT 0,
	soft_penalty    bigint  NOT NULL DEFAULT 0,
	archived_at     text,
	CHECK (date_to >= date_from),
	PRIMARY KEY (station_id, id)
);
CREATE INDEX duty_roster_by_office ON duty_roster (office_id, date_from) WHERE archived_at IS NULL;

CREATE TABLE duty_assignment (               -- one person on one shift on one day
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	roster_id   bigint  NOT NULL,
	staff_id    bigint  NOT NULL REFERENCES staff (id),
	date        text    NOT NULL,
	shift       text    NOT NULL,            -- shift code
	start_min   bigint  NOT NULL,            -- minutes after midnight of date
	end_min     bigint  NOT NULL,            -- may pass 1440 (a night)
	night       bigint  NOT NULL DEFAULT 0,  -- counted as a night (duty or patrol)
	weekend     bigint  NOT NULL DEFAULT 0,  -- on a weekend day that was not a working day
	holiday     bigint  NOT NULL DEFAULT 0,  -- on a public holiday
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, roster_id) REFERENCES duty_roster (station_id, id)
);
CREATE INDEX duty_assignment_by_roster ON duty_assignment (roster_id, date);
CREATE INDEX duty_assignment_by_staff ON duty_assignment (staff_id, date) WHERE archived_at IS NULL;

INSERT INTO cpol_placement (table_name, placement) VALUES
	('duty_availability', 'reference'),
	('duty_preference', 'reference'),
	('duty_roster', 'distributed'),
	('duty_assignment', 'distributed');
