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
	id                INTEGER PRIMARY KEY,
	office_id         INTEGER NOT NULL REFERENCES office (id),
	address_id        INTEGER REFERENCES address (id),  -- 标准地址; NULL until standardised
	officer_id        INTEGER REFERENCES staff (id),    -- 责任民警, or NULL
	type_code         TEXT    NOT NULL,                 -- places.types[].code of the rules
	name              TEXT    NOT NULL,
	code              TEXT,                             -- 统一社会信用代码 or licence number
	location          TEXT,                             -- detail beyond the address (铺位, 楼层)
	responsible_name  TEXT,                             -- 负责人 / 法定代表人
	responsible_phone TEXT,
	security_name     TEXT,                             -- 保卫部门 / 治安负责人
	security_phone    TEXT,
	status            TEXT    NOT NULL DEFAULT 'open'
	                  CHECK (status IN ('open', 'suspended', 'closed')),
	status_since      TEXT    NOT NULL,                 -- first day of the current status
	note              TEXT,
	archived_at       TEXT
);
CREATE INDEX unit_by_office ON unit (office_id, status);
-- Covers the owed view's read of an office's live units (no row lookups).
CREATE INDEX unit_live_by_office ON unit (office_id, status, type_code, officer_id, status_since, name)
	WHERE archived_at IS NULL;
CREATE INDEX unit_by_officer ON unit (officer_id) WHERE officer_id IS NOT NULL;
CREATE INDEX unit_by_address ON unit (address_id) WHERE address_id IS NOT NULL;
CREATE UNIQUE INDEX unit_code_live ON unit (code) WHERE code IS NOT NULL AND archived_at IS NULL;

-- One row per status period; the open one has valid_to NULL.
CREATE TABLE unit_status (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES unit (id),
	status      TEXT    NOT NULL CHECK (status IN ('open', 'suspended', 'closed')),
	valid_from  TEXT    NOT NULL,
	valid_to    TEXT,
	reason      TEXT,
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX unit_status_by_unit ON unit_status (unit_id, valid_from);

CREATE TABLE unit_contact (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES unit (id),
	role        TEXT    NOT NULL,                        -- 'responsible', 'security', 'duty', ...
	name        TEXT    NOT NULL,
	phone       TEXT,
	note        TEXT,
	archived_at TEXT
);
CREATE INDEX unit_contact_by_unit ON unit_contact (unit_id);

-- 群防群治组织: 治保会, 巡逻队, 调解会, 帮教小组... A place's own
-- organisation has unit_id set.
CREATE TABLE prevention_org (
	id           INTEGER PRIMARY KEY,
	office_id    INTEGER NOT NULL REFERENCES office (id),
	unit_id      INTEGER REFERENCES unit (id),
	kind         TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	leader_name  TEXT,
	leader_phone TEXT,
	obligation   TEXT,                                   -- rules obligation id for its cadence
	since        TEXT    NOT NULL,
	archived_at  TEXT
);
CREATE INDEX prevention_org_by_office ON prevention_org (office_id);

CREATE TABLE inspection (
	id           INTEGER PRIMARY KEY,
	office_id    INTEGER NOT NULL REFERENCES office (id),
	unit_id      INTEGER NOT NULL REFERENCES unit (id),
	officer_id   INTEGER REFERENCES staff (id),
	on_date      TEXT    NOT NULL,
	kind         TEXT    NOT NULL CHECK (kind IN ('routine', 'fire', 'special', 'reinspection')),
	notice_id    INTEGER REFERENCES rectification_notice (id),  -- re-inspection of
	note         TEXT,
	archived_at  TEXT
);
CREATE INDEX inspection_by_unit ON inspection (unit_id, on_date) WHERE archived_at IS NULL;
-- The last inspection of every unit of an office in one range scan.
CREATE INDEX inspection_by_office ON inspection (office_id, unit_id, on_date) WHERE archived_at IS NULL;
CREATE INDEX inspection_by_officer ON inspection (officer_id, on_date) WHERE officer_id IS NOT NULL;

CREATE TABLE inspection_item (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspection (id),
	category      TEXT    NOT NULL CHECK (category IN ('checklist', 'fire')),
	item          TEXT    NOT NULL,
	ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
	finding       TEXT,
	archived_at   TEXT
);
CREATE INDEX inspection_item_by_inspection ON inspection_item (inspection_id);

CREATE TABLE rectification_notice (
	id              INTEGER PRIMARY KEY,
	office_id       INTEGER NOT NULL REFERENCES office (id),
	unit_id         INTEGER NOT NULL REFERENCES unit (id),
	inspection_id   INTEGER NOT NULL REFERENCES inspection (id),
	officer_id      INTEGER REFERENCES staff (id),
	year            INTEGER NOT NULL,
	seq             INTEGER NOT NULL CHECK (seq >= 1),
	number          TEXT    NOT NULL,
	issued_on       TEXT    NOT NULL,
	deadline        TEXT    NOT NULL,
	deadline_key    TEXT,                                -- the rule that set the deadline,
	deadline_file   TEXT,                                -- or NULL when the officer set it
	deadline_line   INTEGER,
	requirement     TEXT,
	reinspection_id INTEGER REFERENCES inspection (id),
	reinspected_on  TEXT,
	escalated_on    TEXT,
	escalated_to    TEXT,
	escalation_note TEXT,
	closed_on       TEXT,
	close_result    TEXT CHECK (close_result IN ('rectified', 'unit_closed', 'withdrawn', 'penalised')),
	close_note      TEXT,
	archived_at     TEXT,
	UNIQUE (office_id, year, seq),
	CHECK (deadline >= issued_on),
	CHECK ((closed_on IS NULL) = (close_result IS NULL))
);
CREATE INDEX notice_open_by_office ON rectification_notice (office_id, deadline)
	WHERE closed_on IS NULL AND archived_at IS NULL;
CREATE INDEX notice_by_office ON rectification_notice (office_id, deadline);
CREATE INDEX notice_by_unit ON rectification_notice (unit_id);

CREATE TABLE hazard (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspection (id),
	unit_id       INTEGER NOT NULL REFERENCES unit (id),
	description   TEXT    NOT NULL,
	fire          INTEGER NOT NULL DEFAULT 0 CHECK (fire IN (0, 1)),
	notice_id     INTEGER REFERENCES rectification_notice (id),
	fixed_on      TEXT,
	archived_at   TEXT
);
CREATE INDEX hazard_by_inspection ON hazard (inspection_id);
CREATE INDEX hazard_by_notice ON hazard (notice_id) WHERE notice_id IS NOT NULL;

CREATE TABLE incident (
	id              INTEGER PRIMARY KEY,
	office_id       INTEGER NOT NULL REFERENCES office (id),
	officer_id      INTEGER REFERENCES staff (id),
	received_on     TEXT    NOT NULL,
	kind            TEXT    NOT NULL CHECK (kind IN ('criminal', 'public_order', 'accident', 'fire',
	                                                 'help', 'other')),
	summary         TEXT    NOT NULL,
	party_name      TEXT,                                -- victim / party to call back
	party_phone     TEXT,
	person_id       INTEGER REFERENCES person (id),
	return_visit_id INTEGER REFERENCES visit (id),
	returned_on     TEXT,
	-- 重大案情: owes every `immediate` obligation of the rules (重大案情通报)
	-- until a duty_record naming the incident fulfils it.
	major           INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
	archived_at     TEXT
);
CREATE INDEX incident_by_office ON incident (office_id, received_on);
CREATE INDEX incident_unreturned ON incident (office_id, received_on)
	WHERE returned_on IS NULL AND archived_at IS NULL;
CREATE INDEX incident_major_by_office ON incident (office_id, received_on)
	WHERE major = 1 AND archived_at IS NULL;

CREATE TABLE visit (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER REFERENCES staff (id),
	on_date     TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('household', 'key_person', 'security_contact',
	                                             'supervision', 'return_visit', 'other', 'talk')),
	house_id    INTEGER REFERENCES house (id),
	person_id   INTEGER REFERENCES person (id),
	unit_id     INTEGER REFERENCES unit (id),
	org_id      INTEGER REFERENCES prevention_org (id),
	incident_id INTEGER REFERENCES incident (id),
	summary     TEXT,
	archived_at TEXT
);
CREATE INDEX visit_by_office ON visit (office_id, on_date);
CREATE INDEX visit_by_officer ON visit (officer_id, kind, on_date) WHERE officer_id IS NOT NULL;
CREATE INDEX visit_by_unit ON visit (unit_id, kind, on_date)
	WHERE unit_id IS NOT NULL AND archived_at IS NULL;
CREATE INDEX visit_contact_by_office ON visit (office_id, unit_id, on_date)
	WHERE kind = 'security_contact' AND archived_at IS NULL;
CREATE INDEX visit_by_org ON visit (org_id, on_date) WHERE org_id IS NOT NULL AND archived_at IS NULL;
CREATE INDEX visit_by_person ON visit (person_id, kind, on_date) WHERE person_id IS NOT NULL;

CREATE TABLE dispute (
	id           INTEGER PRIMARY KEY,
	office_id    INTEGER NOT NULL REFERENCES office (id),
	officer_id   INTEGER REFERENCES staff (id),
	received_on  TEXT    NOT NULL,
	parties      TEXT    NOT NULL,
	summary      TEXT    NOT NULL,
	status       TEXT    NOT NULL DEFAULT 'open'
	             CHECK (status IN ('open', 'mediated', 'failed', 'referred')),
	outcome      TEXT,
	resolved_on  TEXT,
	archived_at  TEXT
);
CREATE INDEX dispute_by_office ON dispute (office_id, received_on);

CREATE TABLE resident_request (
	id           INTEGER PRIMARY KEY,
	office_id    INTEGER NOT NULL REFERENCES office (id),
	officer_id   INTEGER REFERENCES staff (id),
	received_on  TEXT    NOT NULL,
	requester    TEXT    NOT NULL,
	phone        TEXT,
	person_id    INTEGER REFERENCES person (id),
	content      TEXT    NOT NULL,
	in_scope     INTEGER NOT NULL CHECK (in_scope IN (0, 1)),
	referred_to  TEXT,                                   -- out of scope: the department told
	feedback_on  TEXT,
	feedback     TEXT,
	archived_at  TEXT
);
CREATE INDEX request_by_office ON resident_request (office_id, received_on);
CREATE INDEX request_unanswered ON resident_request (office_id, received_on)
	WHERE feedback_on IS NULL AND archived_at IS NULL;

-- A meeting held, a notice posted, a report sent: fulfils the rules
-- obligation whose id it names.
CREATE TABLE duty_record (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER REFERENCES staff (id),
	obligation  TEXT    NOT NULL,
	held_on     TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	content     TEXT,
	attendees   TEXT,
	incident_id INTEGER REFERENCES incident (id),      -- the major incident an immediate one answers
	archived_at TEXT
);
CREATE INDEX duty_record_by_office ON duty_record (office_id, obligation, held_on)
	WHERE archived_at IS NULL;
CREATE INDEX duty_record_by_incident ON duty_record (incident_id, obligation)
	WHERE incident_id IS NOT NULL AND archived_at IS NULL;

-- 信息收集: an item of information an officer reported (a clue, a sign of
-- trouble, the mood of the community). The assessment metric
-- information_items counts the live ones by officer and by office.
CREATE TABLE information_item (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER NOT NULL REFERENCES staff (id),
	reported_on TEXT    NOT NULL,
	category    TEXT    NOT NULL CHECK (category <> ''),
	summary     TEXT    NOT NULL CHECK (summary <> ''),
	archived_at TEXT
);
-- The office's listing and the assessment's count by office and period;
-- the officer's, by officer and period.
CREATE INDEX information_item_by_office ON information_item (office_id, reported_on)
	WHERE archived_at IS NULL;
CREATE INDEX information_item_by_officer ON information_item (officer_id, reported_on)
	WHERE archived_at IS NULL;

CREATE TABLE work_log (
	id          INTEGER PRIMARY KEY,
	office_id   INTEGER NOT NULL REFERENCES office (id),
	officer_id  INTEGER NOT NULL REFERENCES staff (id),
	on_date     TEXT    NOT NULL,
	notes       TEXT,
	archived_at TEXT
);
CREATE UNIQUE INDEX work_log_live ON work_log (officer_id, on_date) WHERE archived_at IS NULL;
