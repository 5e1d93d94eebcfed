-- libcommpolice schema 008, PostgreSQL form of lib/schema/008_export.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 008: research exports (export module).
--
-- Every export is logged in export_log: who made it, when, which dataset,
-- under which profile (its hash) and key (its id, never the key), with
-- which filters, and what came out (rows, the k achieved, cells
-- suppressed). The table is audited like any other (lib/schema.c), so the
-- trail keeps the entry as it was started and as it was finished.
--
-- The views below answer the questions researchers ask most often; they
-- read live records only (archived_at IS NULL). They hold identifying
-- columns and are for use inside the office: what leaves goes through an
-- export profile (docs/export.md).
--
-- Documentation convention (read by build-aux/data-dictionary.sh to make
-- docs/data-dictionary.md): a line `--: text` just before CREATE TABLE or
-- CREATE VIEW describes the table or view; a trailing `--: text` on a
-- column's line describes the column.

--: One export of a dataset: who, when, under which profile and key, and what came out.
CREATE TABLE export_log (
	id               bigint NOT NULL DEFAULT cpol_next_id(),
	started_at       text    NOT NULL,   --: UTC time the export began, YYYY-MM-DDTHH:MM:SSZ
	finished_at      text,               --: UTC time the last row was given out, NULL while running
	actor            text    NOT NULL,   --: the acting user (cpol_db_set_user())
	dataset          text    NOT NULL,   --: persons, visits, monthly... (cpol_export_datasets())
	profile          text    NOT NULL,   --: the profile's name
	profile_hash     text    NOT NULL,   --: SHA-256 of the profile's text and of those it extends
	key_id           text,               --: fingerprint of the pseudonymisation key, never the key; NULL without one
	office_id        bigint,            --: the office filter, NULL for all
	date_from        text,               --: the first day of the date filter, or NULL
	date_to          text,               --: the last day of the date filter, or NULL
	min_k            bigint  NOT NULL DEFAULT 0,  --: the k asked for (0: none)
	k                bigint,            --: the k achieved: fewest households in a class of quasi-identifiers
	levels           text,               --: the generalisation applied to each quasi-identifier
	rows_out         bigint  NOT NULL DEFAULT 0,  --: rows given out
	cells_suppressed bigint  NOT NULL DEFAULT 0,  --: quasi-identifier cells replaced by *
	rows_withheld    bigint  NOT NULL DEFAULT 0,  --: rows left out to meet min_k
	status           text    NOT NULL CHECK (status = 'running' OR status = 'done' OR status = 'partial'),  --: running, done, or partial (stopped before the end)
	archived_at      text,  --: set when archived; records are never deleted
	PRIMARY KEY (id)
);
CREATE INDEX export_log_by_actor ON export_log (actor, started_at);

-- ------------------------------------------------------------ analysis views

--: Persons now: each live person with the current residence, household, community and managing office.
CREATE VIEW v_person_current AS
SELECT p.id AS person_id,                  --: person.id
       p.sex,                              --: male, female, unknown
       p.birth_date,                       --: YYYY-MM-DD
       p.nationality,                      --: nationality code
       r.type AS residence_type,           --: permanent, temporary... (population.residence_types)
       r.relation,                         --: owner, family, tenant, other
       r.valid_from AS resident_since,     --: first day of the current residence
       r.house_id AS household_id,         --: the house lived in (户); NULL when none is open
       h.community_id,                     --: community or village of the house
       p.office_id                         --: the managing office
FROM person p
LEFT JOIN residence r ON r.person_id = p.id AND r.valid_to IS NULL AND r.archived_at IS NULL
LEFT JOIN house h ON h.id = r.house_id
WHERE p.archived_at IS NULL;

--: Labels open today, by category: who is a key person, in community correction, in a care group.
CREATE VIEW v_label_open AS
SELECT l.code AS category,                 --: population.labels[].code
       l.person_id,                        --: person.id
       l.valid_from,                       --: first day of the label
       p.office_id                         --: the person's managing office
FROM label l JOIN person p ON p.id = l.person_id
WHERE l.archived_at IS NULL AND l.valid_to IS NULL AND p.archived_at IS NULL;

--: Rectification notices with their state: open, closed in time, closed late, or open past the deadline (as of today).
CREATE VIEW v_notice_status AS
SELECT n.id AS notice_id,                  --: rectification_notice.id
       n.office_id,                        --: office that issued it
       n.issued_on,                        --: day issued
       n.deadline,                         --: day the hazards must be fixed by
       n.closed_on,                        --: day closed, NULL while open
       CASE WHEN n.closed_on IS NULL AND n.deadline < to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') THEN 'overdue'
            WHEN n.closed_on IS NULL THEN 'open'
            WHEN n.closed_on <= n.deadline THEN 'closed_in_time'
            ELSE 'closed_late' END AS state,  --: open, overdue, closed_in_time, closed_late
       (n.closed_on::date - n.issued_on::date) AS days_open  --: issue to closing, in days
FROM rectification_notice n WHERE n.archived_at IS NULL;

--: Visits by officer and month, by kind.
CREATE VIEW v_officer_month AS
SELECT v.officer_id,                       --: staff.id of the officer
       v.office_id,                        --: office
       substr(v.on_date, 1, 7) AS month,   --: YYYY-MM
       v.kind,                             --: visit kind
       count(*) AS visits                  --: visits made
FROM visit v WHERE v.archived_at IS NULL AND v.officer_id IS NOT NULL
GROUP BY v.officer_id, v.office_id, month, v.kind;

--: Work by office and month: residents at the month's end by type, visits, inspections, notices opened and closed, return visits and feedback on time, the score. The monthly export reads it and suppresses counts under 5.
CREATE VIEW v_office_month AS
WITH months (office_id, month) AS (
	SELECT office_id, substr(on_date, 1, 7) FROM visit WHERE archived_at IS NULL
	UNION SELECT office_id, substr(on_date, 1, 7) FROM inspection WHERE archived_at IS NULL
	UNION SELECT office_id, substr(issued_on, 1, 7) FROM rectification_notice WHERE archived_at IS NULL
	UNION SELECT office_id, substr(closed_on, 1, 7) FROM rectification_notice
		WHERE archived_at IS NULL AND closed_on IS NOT NULL
	UNION SELECT office_id, substr(received_on, 1, 7) FROM incident WHERE archived_at IS NULL
	UNION SELECT office_id, substr(received_on, 1, 7) FROM resident_request WHERE archived_at IS NULL
), bounds AS (
	SELECT office_id, month, month || '-01' AS first_day,
	       to_char((month || '-01')::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD') AS last_day FROM months
)
SELECT b.office_id,                        --: office
       o.name AS office,                   --: office's name
       b.month,                            --: YYYY-MM
       (SELECT count(*) FROM residence r JOIN person p ON p.id = r.person_id
        WHERE p.office_id = b.office_id AND p.archived_at IS NULL AND r.archived_at IS NULL
          AND r.type = 'permanent' AND r.valid_from <= b.last_day
          AND (r.valid_to IS NULL OR r.valid_to >= b.last_day)) AS residents_permanent,  --: residences of type permanent open on the month's last day
       (SELECT count(*) FROM residence r JOIN person p ON p.id = r.person_id
        WHERE p.office_id = b.office_id AND p.archived_at IS NULL AND r.archived_at IS NULL
          AND r.type = 'temporary' AND r.valid_from <= b.last_day
          AND (r.valid_to IS NULL OR r.valid_to >= b.last_day)) AS residents_temporary,  --: ... of type temporary
       (SELECT count(*) FROM residence r JOIN person p ON p.id = r.person_id
        WHERE p.office_id = b.office_id AND p.archived_at IS NULL AND r.archived_at IS NULL
          AND r.type <> 'permanent' AND r.type <> 'temporary' AND r.valid_from <= b.last_day
          AND (r.valid_to IS NULL OR r.valid_to >= b.last_day)) AS residents_other,  --: ... of any other type
       (SELECT count(*) FROM visit v WHERE v.office_id = b.office_id AND v.archived_at IS NULL
          AND v.on_date BETWEEN b.first_day AND b.last_day) AS visits,  --: visits and contacts made
       (SELECT count(*) FROM inspection i WHERE i.office_id = b.office_id AND i.archived_at IS NULL
          AND i.on_date BETWEEN b.first_day AND b.last_day) AS inspections,  --: inspections made
       (SELECT count(*) FROM rectification_notice n WHERE n.office_id = b.office_id
          AND n.archived_at IS NULL AND n.issued_on BETWEEN b.first_day AND b.last_day) AS notices_opened,  --: notices issued
       (SELECT count(*) FROM rectification_notice n WHERE n.office_id = b.office_id
          AND n.archived_at IS NULL AND n.closed_on BETWEEN b.first_day AND b.last_day) AS notices_closed,  --: notices closed
       (SELECT count(*) FROM incident i WHERE i.office_id = b.office_id AND i.archived_at IS NULL
          AND i.received_on BETWEEN b.first_day AND b.last_day) AS incidents,  --: incidents received
       (SELECT count(*) FROM incident i WHERE i.office_id = b.office_id AND i.archived_at IS NULL
          AND i.received_on BETWEEN b.first_day AND b.last_day
          AND i.returned_on <= to_char(i.received_on::date + 3, 'YYYY-MM-DD')) AS returned_within_3_days,  --: of them, return visit within 3 calendar days
       (SELECT count(*) FROM resident_request q WHERE q.office_id = b.office_id AND q.archived_at IS NULL
          AND q.in_scope = 1 AND q.received_on BETWEEN b.first_day AND b.last_day) AS requests,  --: in-scope requests received
       (SELECT count(*) FROM resident_request q WHERE q.office_id = b.office_id AND q.archived_at IS NULL
          AND q.in_scope = 1 AND q.received_on BETWEEN b.first_day AND b.last_day
          AND q.feedback_on <= to_char(q.received_on::date + 7, 'YYYY-MM-DD')) AS feedback_within_7_days,  --: of them, feedback within 7 calendar days
       (SELECT round(avg(x.total)::numeric, 2)::double precision FROM assess_result x WHERE x.office_id = b.office_id
          AND x.run_id = (SELECT max(r.id) FROM assess_run r JOIN assess_result y ON y.run_id = r.id
                          WHERE r.archived_at IS NULL AND y.office_id = b.office_id
                            AND r.period_end BETWEEN b.first_day AND b.last_day)) AS score  --: mean total of the office's results in the latest saved run of a period ending that month
FROM bounds b JOIN office o ON o.id = b.office_id;

INSERT INTO cpol_placement (table_name, placement) VALUES
	('export_log', 'reference');
