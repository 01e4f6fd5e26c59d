DROP TRIGGER IF EXISTS task_events ON tasks;
DROP FUNCTION IF EXISTS task_event();
DROP TABLE IF EXISTS task_events;
