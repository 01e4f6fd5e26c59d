-- depends: 0008.turn-effects
-- Live events: every change to a task, from any door (chat, REST, MCP, another instance, even plain SQL), is written
-- to an outbox in the change's own transaction by a trigger, and announced with NOTIFY at commit; streams read
-- the outbox (GET /api/{user_id}/events), and a reconnect with Last-Event-ID gets what it missed (kept a day).

CREATE TABLE task_events (
  id      bigserial PRIMARY KEY,
  user_id text NOT NULL,
  type    text NOT NULL,
  task_id bigint NOT NULL,
  task    jsonb,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_events_user ON task_events (user_id, id);
CREATE INDEX task_events_at ON task_events (at);

CREATE FUNCTION task_event() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER task_events AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION task_event();
