-- depends: 0006.turn-key-request
-- The occurrence a repeating task's completion made remembers the task it follows: reopening the task takes it back
-- while nobody has touched it, and completing the task again adds no second one.

ALTER TABLE tasks ADD COLUMN follows bigint REFERENCES tasks (id) ON DELETE SET NULL;
CREATE INDEX tasks_follows ON tasks (follows) WHERE follows IS NOT NULL;
