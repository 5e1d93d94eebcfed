-- Intake notes by level (issue 11): besides the rejected rows, import_problem
-- keeps the warnings of rows that were imported (an ID number whose region
-- code is in no edition of GB/T 2260, a stored phone number that the file
-- contradicts) and the corrections made by the explicit update mode, each
-- with the value before and after in its reason.
ALTER TABLE import_problem ADD COLUMN level TEXT NOT NULL DEFAULT 'rejected'
	CHECK (level = 'rejected' OR level = 'warning' OR level = 'updated');
