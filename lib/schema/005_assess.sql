-- libcommpolice schema 005: assessment (assess module).
--
-- Inputs people enter are ordinary audited records: surveys of residents
-- (满意率, 熟识率, 见警率 questionnaires) and metric values stored by
-- scripts. Archiving one (archived_at) takes it out of the scoring.
--
-- Results are computed, not entered: a run (assess_run, audited like any
-- record: who scored what, when, under which rule set) and its results,
-- lines and sanctions. The child tables are exempt from the audit trail and
-- append-only instead (triggers below refuse UPDATE and DELETE): a
-- recomputation is a new run, never an edit, and the run row already says
-- who and when. Copying every line into audit_log as JSON would double the
-- cost of saving a district's quarter for no new information.

CREATE TABLE assess_survey (
	id           INTEGER PRIMARY KEY,
	office_id    INTEGER NOT NULL REFERENCES office (id),
	kind         TEXT    NOT NULL CHECK (kind IN ('satisfaction', 'familiarity', 'visibility')),
	conducted_on TEXT    NOT NULL,
	sample_size  INTEGER NOT NULL CHECK (sample_size >= 1),
	positive     INTEGER NOT NULL CHECK (positive >= 0 AND positive <= sample_size),
	note         TEXT,
	archived_at  TEXT
);
CREATE INDEX assess_survey_by_office ON assess_survey (office_id, kind, conducted_on)
	WHERE archived_at IS NULL;

CREATE TABLE assess_metric_value (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL,
	subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('officer', 'office')),
	subject_id   INTEGER NOT NULL,
	period       TEXT    NOT NULL,            -- "2024-Q2", as cpol_period_format() writes it
	period_start TEXT    NOT NULL,
	period_end   TEXT    NOT NULL,
	value        REAL    NOT NULL,
	numerator    REAL,
	denominator  REAL,
	note         TEXT,
	source       TEXT,                        -- the script that computed it
	archived_at  TEXT
);
CREATE UNIQUE INDEX assess_metric_value_live
	ON assess_metric_value (name, period, subject_kind, subject_id) WHERE archived_at IS NULL;

CREATE TABLE assess_run (
	id           INTEGER PRIMARY KEY,
	period       TEXT    NOT NULL,
	period_start TEXT    NOT NULL,
	period_end   TEXT    NOT NULL,
	subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('officer', 'office')),
	scope_level  TEXT    NOT NULL CHECK (scope_level IN ('all', 'region', 'station', 'office')),
	scope_id     INTEGER NOT NULL,
	rank_level   TEXT    NOT NULL CHECK (rank_level IN ('region', 'station', 'office')),
	region       TEXT    NOT NULL,            -- the rule set's region code
	rules_hash   TEXT    NOT NULL,            -- cpol_rules_hash()
	computed_at  TEXT    NOT NULL,
	actor        TEXT    NOT NULL,
	results      INTEGER NOT NULL,
	archived_at  TEXT
);
CREATE INDEX assess_run_by_period ON assess_run (period, subject_kind, rank_level);

CREATE TABLE assess_result (
	id                INTEGER PRIMARY KEY,
	run_id            INTEGER NOT NULL REFERENCES assess_run (id),
	subject_id        INTEGER NOT NULL,
	subject_name      TEXT,
	badge             TEXT,
	office_id         INTEGER,
	office_name       TEXT,
	office_class      TEXT,
	station_id        INTEGER,
	region_id         INTEGER,
	group_id          INTEGER,
	base              REAL    NOT NULL,
	coefficient       REAL    NOT NULL,
	bonus             REAL    NOT NULL,
	total             REAL    NOT NULL,
	grade             TEXT,
	grade_name        TEXT,
	veto              TEXT,
	rank              INTEGER NOT NULL,
	ranked            INTEGER NOT NULL,
	last_place        INTEGER NOT NULL,
	last_place_streak INTEGER NOT NULL,
	incomplete        INTEGER NOT NULL,
	UNIQUE (run_id, subject_id)
);
CREATE INDEX assess_result_by_subject ON assess_result (subject_id, run_id);

CREATE TABLE assess_line (
	id           INTEGER PRIMARY KEY,
	result_id    INTEGER NOT NULL REFERENCES assess_result (id),
	seq          INTEGER NOT NULL,
	kind         TEXT    NOT NULL CHECK (kind IN ('item', 'difficulty', 'bonus', 'veto')),
	item         TEXT,
	name         TEXT,
	metric       TEXT,
	has_value    INTEGER NOT NULL,
	value        REAL,
	numerator    REAL,
	denominator  REAL,
	weight       REAL,
	target       REAL,
	shortfall    REAL,
	deduction    REAL,
	points       REAL,
	capped       INTEGER NOT NULL,
	applied      INTEGER NOT NULL,
	rule_key     TEXT,
	rule_file    TEXT,
	rule_line    INTEGER,
	rule_column  INTEGER,
	rule_region  TEXT,
	arithmetic   TEXT,
	note         TEXT,
	record_table TEXT,
	records      TEXT,                        -- JSON array of ids, or NULL
	UNIQUE (result_id, seq)
);

CREATE TABLE assess_sanction (
	id          INTEGER PRIMARY KEY,
	result_id   INTEGER NOT NULL REFERENCES assess_result (id),
	seq         INTEGER NOT NULL,
	sanction    TEXT    NOT NULL,
	name        TEXT,
	action      TEXT    NOT NULL,
	rule_key    TEXT,
	rule_file   TEXT,
	rule_line   INTEGER,
	rule_column INTEGER,
	rule_region TEXT,
	reason      TEXT,
	UNIQUE (result_id, seq)
);

INSERT INTO audit_exempt (table_name)
	VALUES ('assess_result'), ('assess_line'), ('assess_sanction');

CREATE TRIGGER assess_result_no_update BEFORE UPDATE ON assess_result
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never changed; save a new run'); END;
CREATE TRIGGER assess_result_no_delete BEFORE DELETE ON assess_result
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never deleted; archive the run'); END;
CREATE TRIGGER assess_line_no_update BEFORE UPDATE ON assess_line
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never changed; save a new run'); END;
CREATE TRIGGER assess_line_no_delete BEFORE DELETE ON assess_line
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never deleted; archive the run'); END;
CREATE TRIGGER assess_sanction_no_update BEFORE UPDATE ON assess_sanction
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never changed; save a new run'); END;
CREATE TRIGGER assess_sanction_no_delete BEFORE DELETE ON assess_sanction
BEGIN SELECT RAISE(ABORT, 'saved assessment results are never deleted; archive the run'); END;
