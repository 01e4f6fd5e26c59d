-- The trigger's function as 0009 made it, before task_json() goes.
CREATE OR REPLACE FUNCTION task_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row tasks;
  kind text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO task_events (user_id, type, task_id) VALUES (OLD.user_id, 'task.deleted', OLD.id);
    PERFORM pg_notify('task_events', OLD.user_id);
    RETURN OLD;
  END IF;
  row := NEW;
  IF TG_OP = 'INSERT' THEN
    kind := 'task.created';
  ELSIF NEW.updated_at = OLD.updated_at AND NEW.completed = OLD.completed THEN
    RETURN NEW;  -- written back unchanged: nothing happened
  ELSIF NEW.completed AND NOT OLD.completed THEN
    kind := 'task.completed';
  ELSIF OLD.completed AND NOT NEW.completed THEN
    kind := 'task.reopened';
  ELSE
    kind := 'task.updated';
  END IF;
  INSERT INTO task_events (user_id, type, task_id, task)
  VALUES (row.user_id, kind, row.id, jsonb_build_object(
    'id', row.id, 'title', row.title, 'description', row.description, 'completed', row.completed,
    'created_at', row.created_at, 'updated_at', row.updated_at, 'due_date', row.due_date,
    'due_time', to_char(row.due_time, 'HH24:MI'), 'priority', row.priority, 'tags', to_jsonb(row.tags),
    'recurrence', row.recurrence, 'completed_at', row.completed_at));
  PERFORM pg_notify('task_events', row.user_id);
  RETURN NEW;
END;
$$;

DROP FUNCTION IF EXISTS task_json(tasks);
DROP TABLE IF EXISTS reminder_webhooks;
ALTER TABLE task_events DROP COLUMN IF EXISTS detail;
DROP INDEX IF EXISTS tasks_reminders_armed;
ALTER TABLE tasks DROP COLUMN IF EXISTS remind_at, DROP COLUMN IF EXISTS reminded_at;
