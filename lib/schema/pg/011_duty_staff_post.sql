-- libcommpolice schema 011, PostgreSQL form of lib/schema/011_duty_staff_post.sql (the SQLite
-- form; its comments below hold for both). What differs, and why, is in
-- docs/postgresql.md: ids are bigint from cpol_next_id(); a table spread
-- over machines (cpol_placement 'distributed') carries station_id, the
-- placement key, in its primary key, its unique keys and its references
-- to other distributed tables; the rest are reference tables.
--
-- libcommpolice schema 011: the posts of the A/B rotation (ab岗轮流) each
-- staff member can hold — module duty (lib/duty_db.c).
--
-- A post is a name in the rules' duty.posts ("A", "B"); a staff member may
-- be able to hold several. cpol_duty_problem_load() gives each post of the
-- office's rules to one staff member who can hold it (docs/duty.md,
-- "Posts in the database"). Conventions as in 002 (docs/hacking.md):
-- records archived (archived_at), never deleted; audited by the triggers
-- lib/schema.c adds to every table not in audit_exempt.

--: A post of the A/B rotation a staff member can hold.
CREATE TABLE duty_staff_post (
	id          bigint NOT NULL DEFAULT cpol_next_id(),
	staff_id    bigint  NOT NULL REFERENCES staff (id),  --: the staff member
	post        text    NOT NULL CHECK (length(post) BETWEEN 1 AND 32),  --: a post of duty.posts ("A")
	archived_at text,    --: when the staff member stopped holding it (cpol_duty_staff_posts_set)
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX duty_staff_post_live ON duty_staff_post (staff_id, post) WHERE archived_at IS NULL;

INSERT INTO cpol_placement (table_name, placement) VALUES
	('duty_staff_post', 'reference');
