-- depends: 0009.task-events
-- Reminders: `remind_at` on tasks and `reminded_at` once it was delivered. Delivery is a `reminder` row in the
-- outbox (task_events), written in the transaction that claims the reminder, so a stream sees each reminder
-- exactly once; a webhook delivery is a row of its own, claimed with a lease and retried with back-off.

ALTER TABLE tasks ADD COLUMN remind_at timestamptz, ADD COLUMN reminded_at timestamptz;
-- What the scheduler looks for each second: armed reminders, soonest first.
CREATE INDEX tasks_reminders_armed ON tasks (remind_at) WHERE remind_at IS NOT NULL AND reminded_at IS NULL AND NOT completed;

-- What an event adds to its task: a reminder's remind_at and whether it is late.
ALTER TABLE task_events ADD COLUMN detail jsonb;

CREATE TABLE reminder_webhooks (
  id              bigserial PRIMARY KEY,
  user_id         text NOT NULL,
  event_id        bigint NOT NULL,
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until   timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX reminder_webhooks_pending ON reminder_webhooks (next_attempt_at) WHERE status = 'pending';
CREATE INDEX reminder_webhooks_finished ON reminder_webhooks (finished_at) WHERE status <> 'pending';

-- A task as events carry it: the same fields a read gives.
CREATE FUNCTION task_json(t tasks) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', t.id, 'title', t.title, 'description', t.description, 'completed', t.completed,
    'created_at', t.created_at, 'updated_at', t.updated_at, 'due_date', t.due_date,
    'due_time', to_char(t.due_time, 'HH24:MI'), 'priority', t.priority, 'tags', to_jsonb(t.tags),
    'recurrence', t.recurrence, 'completed_at', t.completed_at,
    'remind_at', t.remind_at, 'reminded_at', t.reminded_at)
$$;

CREATE OR REPLACE FUNCTION task_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO task_events (user_id, type, task_id) VALUES (OLD.user_id, 'task.deleted', OLD.id);
    PERFORM pg_notify('task_events', OLD.user_id);
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    kind := 'task.created';
  ELSIF NEW.updated_at = OLD.updated_at AND NEW.completed = OLD.completed THEN
    RETURN NEW;  -- written back unchanged, or only a reminder's delivery noted: nothing a list shows happened
  ELSIF NEW.completed AND NOT OLD.completed THEN
    kind := 'task.completed';
  ELSIF OLD.completed AND NOT NEW.completed THEN
    kind := 'task.reopened';
  ELSE
    kind := 'task.updated';
  END IF;
  INSERT INTO task_events (user_id, type, task_id, task) VALUES (NEW.user_id, kind, NEW.id, task_json(NEW));
  PERFORM pg_notify('task_events', NEW.user_id);
  RETURN NEW;
END;
$$;
