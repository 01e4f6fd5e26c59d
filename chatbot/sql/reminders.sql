-- name: claim_reminders
-- The scheduler's claim, across users: up to `limit` armed reminders whose time has come, marked delivered and
-- written to the outbox as `reminder` events in this one transaction (so each is delivered exactly once however
-- many instances claim at once: SKIP LOCKED leaves another's rows to it), with a webhook row for each when
-- `webhook` is on. A reminder more than a day late is marked and skipped (`stale`), not delivered.
WITH due AS (
  SELECT id FROM tasks
  WHERE remind_at <= now() AND reminded_at IS NULL AND NOT completed AND remind_at IS NOT NULL
  ORDER BY remind_at
  LIMIT %(limit)s
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE tasks SET reminded_at = now()
  FROM due
  WHERE tasks.id = due.id
  RETURNING tasks AS task, tasks.user_id, tasks.id, tasks.title, tasks.remind_at,
            now() - tasks.remind_at > make_interval(secs => %(late_after)s) AS late,
            now() - tasks.remind_at > interval '1 day' AS stale
), told AS (
  INSERT INTO task_events (user_id, type, task_id, task, detail)
  SELECT user_id, 'reminder', id, task_json(task), jsonb_build_object('remind_at', remind_at, 'late', late)
  FROM claimed
  WHERE NOT stale
  RETURNING id, user_id, task, detail, at
), hooked AS (
  INSERT INTO reminder_webhooks (user_id, event_id, payload)
  SELECT user_id, id, jsonb_build_object('type', 'reminder', 'task', task, 'at', at) || detail
  FROM told
  WHERE %(webhook)s::boolean
)
SELECT claimed.user_id, claimed.id, claimed.title, claimed.remind_at, claimed.late, claimed.stale,
       (SELECT count(pg_notify('task_events', told.user_id)) FROM told) AS announced
FROM claimed;

-- name: claim_webhooks
-- Up to `limit` webhook deliveries due now, across users, leased for `lease` seconds: a crash before the answer
-- leaves the row to be claimed again when the lease runs out (the same webhook-id, so the receiver can tell).
WITH due AS (
  SELECT id FROM reminder_webhooks
  WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
  ORDER BY next_attempt_at, id
  LIMIT %(limit)s
  FOR UPDATE SKIP LOCKED
)
UPDATE reminder_webhooks SET claimed_until = now() + make_interval(secs => %(lease)s), attempts = attempts + 1
FROM due
WHERE reminder_webhooks.id = due.id
RETURNING reminder_webhooks.id, reminder_webhooks.user_id, reminder_webhooks.payload, reminder_webhooks.attempts;

-- name: webhook_sent
-- A webhook delivery the receiver took.
UPDATE reminder_webhooks SET status = 'sent', finished_at = now(), claimed_until = NULL
WHERE user_id = %(user_id)s AND id = %(id)s;

-- name: webhook_failed
-- A webhook attempt that failed: tried again after `wait` seconds, or given up on.
UPDATE reminder_webhooks SET
  claimed_until = NULL,
  last_error = %(error)s,
  status = CASE WHEN %(give_up)s::boolean THEN 'failed' ELSE 'pending' END,
  finished_at = CASE WHEN %(give_up)s::boolean THEN now() END,
  next_attempt_at = now() + make_interval(secs => %(wait)s)
WHERE user_id = %(user_id)s AND id = %(id)s;

-- name: prune_reminder_webhooks
-- Forget finished webhook deliveries after a week.
DELETE FROM reminder_webhooks WHERE status <> 'pending' AND finished_at < now() - interval '7 days';
