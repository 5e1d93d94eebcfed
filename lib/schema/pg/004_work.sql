-- libcommpolice schema 004, PostgreSQL form of lib/schema/004_work.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 004: places and the office's work (units and work modules).
--
-- 实有单位 (units) on the address tree with their status history and
-- contacts; 群防群治组织 (mass-prevention organisations); inspections with
-- checklist items and hazards; rectification notices (整改通知书); visits
-- and contacts; incidents (return visit owed), disputes, resident requests
-- (feedback owed); the records that fulfil meetings, notices and reports;
-- information items reported (信息收集); the work log (工作日志).
--
-- Dates are ISO text YYYY-MM-DD. Nothing is deleted: every table has
-- archived_at and is audited (lib/schema.c). Closing a notice, a status
-- period or a request sets fields; the audit trail keeps the before/after.
-- Which rule owed what is decided at query time from the region rules,
-- except a notice's deadline, which is printed on the document and so is
-- stored with the rule that set it.

CREATE TABLE unit (
	id                bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id         bigint  NOT NULL REFERENCES office (id),
	address_id        bigint,  -- 标准地址; NULL until standardised
	officer_id        bigint  REFERENCES staff (id),    -- 责任民警, or NULL
	type_code         text    NOT NULL,                 -- places.types[].code of the rules
	name              text    NOT NULL,
	code              text,                             -- 统一社会信用代码 or licence number
	location          text,                             -- detail beyond the address (铺位, 楼层)
	responsible_name  text,                             -- 负责人 / 法定代表人
	responsible_phone text,
	security_name     text,                             -- 保卫部门 / 治安负责人
	security_phone    text,
	status            text    NOT NULL DEFAULT 'open'
	                  CHECK (status IN ('open', 'suspended', 'closed')),
	status_since      text    NOT NULL,                 -- first day of the current status
	note              text,
	archived_at       text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX unit_by_office ON unit (office_id, status);
-- Covers the owed view's read of an office's live units (no row lookups).
CREATE INDEX unit_live_by_office ON unit (office_id, status, type_code, officer_id, status_since, name)
	WHERE archived_at IS NULL;
CREATE INDEX unit_by_officer ON unit (officer_id) WHERE officer_id IS NOT NULL;
CREATE INDEX unit_by_address ON unit (address_id) WHERE address_id IS NOT NULL;
CREATE UNIQUE INDEX unit_code_live ON unit (station_id, code) WHERE code IS NOT NULL AND archived_at IS NULL;

-- One row per status period; the open one has valid_to NULL.
CREATE TABLE unit_status (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	unit_id     bigint  NOT NULL,
	status      text    NOT NULL CHECK (status IN ('open', 'suspended', 'closed')),
	valid_from  text    NOT NULL,
	valid_to    text,
	reason      text,
	CHECK (valid_to IS NULL OR valid_to >= valid_from),
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id)
);
CREATE INDEX unit_status_by_unit ON unit_status (unit_id, valid_from);

CREATE TABLE unit_contact (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	unit_id     bigint  NOT NULL,
	role        text    NOT NULL,                        -- 'responsible', 'security', 'duty', ...
	name        text    NOT NULL,
	phone       text,
	note        text,
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id)
);
CREATE INDEX unit_contact_by_unit ON unit_contact (unit_id);

-- 群防群治组织: 治保会, 巡逻队, 调解会, 帮教小组... A place's own
-- organisation has unit_id set.
CREATE TABLE prevention_org (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id    bigint  NOT NULL REFERENCES office (id),
	unit_id      bigint,
	kind         text    NOT NULL,
	name         text    NOT NULL,
	leader_name  text,
	leader_phone text,
	obligation   text,                                   -- rules obligation id for its cadence
	since        text    NOT NULL,
	archived_at  text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id)
);
CREATE INDEX prevention_org_by_office ON prevention_org (office_id);

CREATE TABLE inspection (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id    bigint  NOT NULL REFERENCES office (id),
	unit_id      bigint  NOT NULL,
	officer_id   bigint  REFERENCES staff (id),
	on_date      text    NOT NULL,
	kind         text    NOT NULL CHECK (kind IN ('routine', 'fire', 'special', 'reinspection')),
	notice_id    bigint,  -- re-inspection of
	note         text,
	archived_at  text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id)
);
CREATE INDEX inspection_by_unit ON inspection (unit_id, on_date) WHERE archived_at IS NULL;
-- The last inspection of every unit of an office in one range scan.
CREATE INDEX inspection_by_office ON inspection (office_id, unit_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX inspection_by_officer ON inspection (officer_id, on_date) WHERE officer_id IS NOT NULL;

CREATE TABLE inspection_item (
	id            bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	inspection_id bigint  NOT NULL,
	category      text    NOT NULL CHECK (category IN ('checklist', 'fire')),
	item          text    NOT NULL,
	ok            bigint  NOT NULL CHECK (ok IN (0, 1)),
	finding       text,
	archived_at   text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, inspection_id) REFERENCES inspection (station_id, id)
);
CREATE INDEX inspection_item_by_inspection ON inspection_item (inspection_id);

CREATE TABLE rectification_notice (
	id              bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id       bigint  NOT NULL REFERENCES office (id),
	unit_id         bigint  NOT NULL,
	inspection_id   bigint  NOT NULL,
	officer_id      bigint  REFERENCES staff (id),
	year            bigint  NOT NULL,
	seq             bigint  NOT NULL CHECK (seq >= 1),
	number          text    NOT NULL,
	issued_on       text    NOT NULL,
	deadline        text    NOT NULL,
	deadline_key    text,                                -- the rule that set the deadline,
	deadline_file   text,                                -- or NULL when the officer set it
	deadline_line   bigint,
	requirement     text,
	reinspection_id bigint,
	reinspected_on  text,
	escalated_on    text,
	escalated_to    text,
	escalation_note text,
	closed_on       text,
	close_result    text CHECK (close_result IN ('rectified', 'unit_closed', 'withdrawn', 'penalised')),
	close_note      text,
	archived_at     text,
	UNIQUE (station_id, office_id, year, seq),
	CHECK (deadline >= issued_on),
	CHECK ((closed_on IS NULL) = (close_result IS NULL)),
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id),
	FOREIGN KEY (station_id, inspection_id) REFERENCES inspection (station_id, id),
	FOREIGN KEY (station_id, reinspection_id) REFERENCES inspection (station_id, id)
);
CREATE INDEX notice_open_by_office ON rectification_notice (office_id, deadline)
	WHERE closed_on IS NULL AND archived_at IS NULL;
CREATE INDEX notice_by_office ON rectification_notice (office_id, deadline);
CREATE INDEX notice_by_unit ON rectification_notice (unit_id);
-- PostgreSQL checks a reference when it is made: inspection's, named before
-- the notice table existed, is added now.
ALTER TABLE inspection ADD FOREIGN KEY (station_id, notice_id) REFERENCES rectification_notice (station_id, id);

CREATE TABLE hazard (
	id            bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	inspection_id bigint  NOT NULL,
	unit_id       bigint  NOT NULL,
	description   text    NOT NULL,
	fire          bigint  NOT NULL DEFAULT 0 CHECK (fire IN (0, 1)),
	notice_id     bigint,
	fixed_on      text,
	archived_at   text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, inspection_id) REFERENCES inspection (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id),
	FOREIGN KEY (station_id, notice_id) REFERENCES rectification_notice (station_id, id)
);
CREATE INDEX hazard_by_inspection ON hazard (inspection_id);
CREATE INDEX hazard_by_notice ON hazard (notice_id) WHERE notice_id IS NOT NULL;

CREATE TABLE incident (
	id              bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id       bigint  NOT NULL REFERENCES office (id),
	officer_id      bigint  REFERENCES staff (id),
	received_on     text    NOT NULL,
	kind            text    NOT NULL CHECK (kind IN ('criminal', 'public_order', 'accident', 'fire',
	                                                 'help', 'other')),
	summary         text    NOT NULL,
	party_name      text,                                -- victim / party to call back
	party_phone     text,
	person_id       bigint,
	return_visit_id bigint,
	returned_on     text,
	-- 重大案情: owes every `immediate` obligation of the rules (重大案情通报)
	-- until a duty_record naming the incident fulfils it.
	major           bigint  NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
	archived_at     text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX incident_by_office ON incident (office_id, received_on);
CREATE INDEX incident_unreturned ON incident (office_id, received_on)
	WHERE returned_on IS NULL AND archived_at IS NULL;
CREATE INDEX incident_major_by_office ON incident (office_id, received_on)
	WHERE major = 1 AND archived_at IS NULL;

CREATE TABLE visit (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  REFERENCES staff (id),
	on_date     text    NOT NULL,
	kind        text    NOT NULL CHECK (kind IN ('household', 'key_person', 'security_contact',
	                                             'supervision', 'return_visit', 'other', 'talk')),
	house_id    bigint,
	person_id   bigint,
	unit_id     bigint,
	org_id      bigint,
	incident_id bigint,
	summary     text,
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, unit_id) REFERENCES unit (station_id, id),
	FOREIGN KEY (station_id, org_id) REFERENCES prevention_org (station_id, id),
	FOREIGN KEY (station_id, incident_id) REFERENCES incident (station_id, id)
);
CREATE INDEX visit_by_office ON visit (office_id, on_date);
CREATE INDEX visit_by_officer ON visit (officer_id, kind, on_date) WHERE officer_id IS NOT NULL;
CREATE INDEX visit_by_unit ON visit (unit_id, kind, on_date)
	WHERE unit_id IS NOT NULL AND archived_at IS NULL;
CREATE INDEX visit_contact_by_office ON visit (office_id, unit_id, on_date)
	WHERE kind = 'security_contact' AND archived_at IS NULL;
CREATE INDEX visit_by_org ON visit (org_id, on_date) WHERE org_id IS NOT NULL AND archived_at IS NULL;
CREATE INDEX visit_by_person ON visit (person_id, kind, on_date) WHERE person_id IS NOT NULL;
ALTER TABLE incident ADD FOREIGN KEY (station_id, return_visit_id) REFERENCES visit (station_id, id);

CREATE TABLE dispute (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id    bigint  NOT NULL REFERENCES office (id),
	officer_id   bigint  REFERENCES staff (id),
	received_on  text    NOT NULL,
	parties      text    NOT NULL,
	summary      text    NOT NULL,
	status       text    NOT NULL DEFAULT 'open'
	             CHECK (status IN ('open', 'mediated', 'failed', 'referred')),
	outcome      text,
	resolved_on  text,
	archived_at  text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX dispute_by_office ON dispute (office_id, received_on);

CREATE TABLE resident_request (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id    bigint  NOT NULL REFERENCES office (id),
	officer_id   bigint  REFERENCES staff (id),
	received_on  text    NOT NULL,
	requester    text    NOT NULL,
	phone        text,
	person_id    bigint,
	content      text    NOT NULL,
	in_scope     bigint  NOT NULL CHECK (in_scope IN (0, 1)),
	referred_to  text,                                   -- out of scope: the department told
	feedback_on  text,
	feedback     text,
	archived_at  text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX request_by_office ON resident_request (office_id, received_on);
CREATE INDEX request_unanswered ON resident_request (office_id, received_on)
	WHERE feedback_on IS NULL AND archived_at IS NULL;

-- A meeting held, a notice posted, a report sent: fulfils the rules
-- obligation whose id it names.
CREATE TABLE duty_record (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  REFERENCES staff (id),
	obligation  text    NOT NULL,
	held_on     text    NOT NULL,
	title       text    NOT NULL,
	content     text,
	attendees   text,
	incident_id bigint,      -- the major incident an immediate one answers
	archived_at text,
	PRIMARY KEY (station_id, id),
	FOREIGN KEY (station_id, incident_id) REFERENCES incident (station_id, id)
);
CREATE INDEX duty_record_by_office ON duty_record (office_id, obligation, held_on)
	WHERE archived_at IS NULL;
CREATE INDEX duty_record_by_incident ON duty_record (incident_id, obligation)
	WHERE incident_id IS NOT NULL AND archived_at IS NULL;

-- 信息收集: an item of information an officer reported (a clue, a sign of
-- trouble, the mood of the community). The assessment metric
-- information_items counts the live ones by officer and by office.
CREATE TABLE information_item (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  NOT NULL REFERENCES staff (id),
	reported_on text    NOT NULL,
	category    text    NOT NULL CHECK (category <> ''),
	summary     text    NOT NULL CHECK (summary <> ''),
	archived_at text,
	PRIMARY KEY (station_id, id)
);
-- The office's listing and the assessment's count by office and period;
-- the officer's, by officer and period.
CREATE INDEX information_item_by_office ON information_item (office_id, reported_on)
	WHERE archived_at IS NULL;
CREATE INDEX information_item_by_officer ON information_item (officer_id, reported_on)
	WHERE archived_at IS NULL;

CREATE TABLE work_log (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id   bigint  NOT NULL REFERENCES office (id),
	officer_id  bigint  NOT NULL REFERENCES staff (id),
	on_date     text    NOT NULL,
	notes       text,
	archived_at text,
	PRIMARY KEY (station_id, id)
);
CREATE UNIQUE INDEX work_log_live ON work_log (station_id, officer_id, on_date) WHERE archived_at IS NULL;

-- References that may cross stations (a person registered in one station's
-- area lives, or is visited, in another's): checked by cpol_soft_ref(), not
-- by a foreign key, which Citus could not keep across shards
-- (docs/postgresql.md, "Placement").
CREATE TRIGGER unit_soft_refs BEFORE INSERT OR UPDATE ON unit
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('address_id', 'address');
CREATE TRIGGER incident_soft_refs BEFORE INSERT OR UPDATE ON incident
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('person_id', 'person');
CREATE TRIGGER visit_soft_refs BEFORE INSERT OR UPDATE ON visit
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('house_id', 'house', 'person_id', 'person');
CREATE TRIGGER resident_request_soft_refs BEFORE INSERT OR UPDATE ON resident_request
	FOR EACH ROW EXECUTE FUNCTION cpol_soft_ref('person_id', 'person');
INSERT INTO cpol_soft_reference (table_name, column_name, target) VALUES
	('unit', 'address_id', 'address'),
	('incident', 'person_id', 'person'),
	('visit', 'house_id', 'house'),
	('visit', 'person_id', 'person'),
	('resident_request', 'person_id', 'person');

INSERT INTO cpol_placement (table_name, placement) VALUES
	('unit', 'distributed'),
	('unit_status', 'distributed'),
	('unit_contact', 'distributed'),
	('prevention_org', 'distributed'),
	('inspection', 'distributed'),
	('inspection_item', 'distributed'),
	('rectification_notice', 'distributed'),
	('hazard', 'distributed'),
	('incident', 'distributed'),
	('visit', 'distributed'),
	('dispute', 'distributed'),
	('resident_request', 'distributed'),
	('duty_record', 'distributed'),
	('information_item', 'distributed'),
	('work_log', 'distributed');
