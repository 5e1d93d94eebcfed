-- libcommpolice schema 005, PostgreSQL form of lib/schema/005_assess.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
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
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	station_id bigint NOT NULL REFERENCES station (id),  -- the placement key (docs/postgresql.md)
	office_id    bigint  NOT NULL REFERENCES office (id),
	kind         text    NOT NULL CHECK (kind IN ('satisfaction', 'familiarity', 'visibility')),
	conducted_on text    NOT NULL,
	sample_size  bigint  NOT NULL CHECK (sample_size >= 1),
	positive     bigint  NOT NULL CHECK (positive >= 0 AND positive <= sample_size),
	note         text,
	archived_at  text,
	PRIMARY KEY (station_id, id)
);
CREATE INDEX assess_survey_by_office ON assess_survey (office_id, kind, conducted_on)
	WHERE archived_at IS NULL;

CREATE TABLE assess_metric_value (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	name         text    NOT NULL,
	subject_kind text    NOT NULL CHECK (subject_kind IN ('officer', 'office')),
	subject_id   bigint  NOT NULL,
	period       text    NOT NULL,            -- "2024-Q2", as cpol_period_format() writes it
	period_start text    NOT NULL,
	period_end   text    NOT NULL,
	value        double precision    NOT NULL,
	numerator    double precision,
	denominator  double precision,
	note         text,
	source       text,                        -- the script that computed it
	archived_at  text,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX assess_metric_value_live ON assess_metric_value (name, period, subject_kind, subject_id) WHERE archived_at IS NULL;

CREATE TABLE assess_run (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	period       text    NOT NULL,
	period_start text    NOT NULL,
	period_end   text    NOT NULL,
	subject_kind text    NOT NULL CHECK (subject_kind IN ('officer', 'office')),
	scope_level  text    NOT NULL CHECK (scope_level IN ('all', 'region', 'station', 'office')),
	scope_id     bigint  NOT NULL,
	rank_level   text    NOT NULL CHECK (rank_level IN ('region', 'station', 'office')),
	region       text    NOT NULL,            -- the rule set's region code
	rules_hash   text    NOT NULL,            -- cpol_rules_hash()
	computed_at  text    NOT NULL,
	actor        text    NOT NULL,
	results      bigint  NOT NULL,
	archived_at  text,
	PRIMARY KEY (id)
);
CREATE INDEX assess_run_by_period ON assess_run (period, subject_kind, rank_level);

CREATE TABLE assess_result (
	id                bigint NOT NULL DEFAULT cpol_next_id(),
	run_id            bigint  NOT NULL REFERENCES assess_run (id),
	subject_id        bigint  NOT NULL,
	subject_name      text,
	badge             text,
	office_id         bigint,
	office_name       text,
	office_class      text,
	station_id        bigint,
	region_id         bigint,
	group_id          bigint,
	base              double precision    NOT NULL,
	coefficient       double precision    NOT NULL,
	bonus             double precision    NOT NULL,
	total             double precision    NOT NULL,
	grade             text,
	grade_name        text,
	veto              text,
	rank              bigint  NOT NULL,
	ranked            bigint  NOT NULL,
	last_place        bigint  NOT NULL,
	last_place_streak bigint  NOT NULL,
	incomplete        bigint  NOT NULL,
	UNIQUE (run_id, subject_id),
	PRIMARY KEY (id)
);
CREATE INDEX assess_result_by_subject ON assess_result (subject_id, run_id);

CREATE TABLE assess_line (
	id           bigint NOT NULL DEFAULT cpol_next_id(),
	result_id    bigint  NOT NULL REFERENCES assess_result (id),
	seq          bigint  NOT NULL,
	kind         text    NOT NULL CHECK (kind IN ('item', 'difficulty', 'bonus', 'veto')),
	item         text,
	name         text,
	metric       text,
	has_value    bigint  NOT NULL,
	value        double precision,
	numerator    double precision,
	denominator  double precision,
	weight       double precision,
	target       double precision,
	shortfall    double precision,
	deduction    double precision,
	points       double precision,
	capped       bigint  NOT NULL,
	applied      bigint  NOT NULL,
	rule_key     text,
	rule_file    text,
	rule_line    bigint,
	rule_column  bigint,
	rule_region  text,
	arithmetic   text,
	note         text,
	record_table text,
	records      text,                        -- JSON array of ids, or NULL
	UNIQUE (result_id, seq),
	PRIMARY KEY (id)
);

CREATE TABLE assess_sanction (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	result_id   bigint  NOT NULL REFERENCES assess_result (id),
	seq         bigint  NOT NULL,
	sanction    text    NOT NULL,
	name        text,
	action      text    NOT NULL,
	rule_key    text,
	rule_file   text,
	rule_line   bigint,
	rule_column bigint,
	rule_region text,
	reason      text,
	UNIQUE (result_id, seq),
	PRIMARY KEY (id)
);

INSERT INTO audit_exempt (table_name)
	VALUES ('assess_result'), ('assess_line'), ('assess_sanction');

CREATE TRIGGER assess_result_no_update BEFORE UPDATE ON assess_result
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never changed; save a new run');
CREATE TRIGGER assess_result_no_delete BEFORE DELETE ON assess_result
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');
CREATE TRIGGER assess_result_no_truncate BEFORE TRUNCATE ON assess_result
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');
CREATE TRIGGER assess_line_no_update BEFORE UPDATE ON assess_line
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never changed; save a new run');
CREATE TRIGGER assess_line_no_delete BEFORE DELETE ON assess_line
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');
CREATE TRIGGER assess_line_no_truncate BEFORE TRUNCATE ON assess_line
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');
CREATE TRIGGER assess_sanction_no_update BEFORE UPDATE ON assess_sanction
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never changed; save a new run');
CREATE TRIGGER assess_sanction_no_delete BEFORE DELETE ON assess_sanction
	FOR EACH ROW EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');
CREATE TRIGGER assess_sanction_no_truncate BEFORE TRUNCATE ON assess_sanction
	FOR EACH STATEMENT EXECUTE FUNCTION cpol_refuse('saved assessment results are never deleted; archive the run');

INSERT INTO cpol_placement (table_name, placement) VALUES
	('assess_survey', 'distributed'),
	('assess_metric_value', 'reference'),
	('assess_run', 'reference'),
	('assess_result', 'reference'),
	('assess_line', 'reference'),
	('assess_sanction', 'reference');
