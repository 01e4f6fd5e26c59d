-- name: add_task
-- Create a task for the user, and the user's row if this is their first write.
WITH new_user AS (
  INSERT INTO users (id) VALUES (%(user_id)s) ON CONFLICT (id) DO NOTHING
)
INSERT INTO tasks (user_id, title, description, due_date, due_time, priority, tags, recurrence, follows, remind_at)
VALUES (%(user_id)s, %(title)s, %(description)s, %(due_date)s::date, %(due_time)s::time,
        %(priority)s, %(tags)s::text[], %(recurrence)s, %(follows)s, %(remind_at)s::timestamptz)
RETURNING id, title, description, completed, created_at, updated_at, due_date, due_time, priority, tags, recurrence, completed_at, remind_at, reminded_at;

-- name: list_tasks
-- A page of the user's tasks and how many match in all (one row of nulls but the count when the
-- page is empty). Every filter is off when its argument is null; `sort` orders by creation, by
-- due date (undated last), or by priority (most urgent first, then by due date).
WITH matching AS (
  SELECT id, title, description, completed, created_at, updated_at, due_date, due_time, priority, tags, recurrence, completed_at, remind_at, reminded_at,
         array_position(ARRAY['none', 'low', 'medium', 'high', 'urgent'], priority) AS rank
  FROM tasks
  WHERE user_id = %(user_id)s
    AND (%(completed)s::boolean IS NULL OR completed = %(completed)s::boolean)
    AND (%(pattern)s::text IS NULL OR (title || ' ' || coalesce(description, '')) ILIKE %(pattern)s::text)
    AND (%(due_first)s::date IS NULL OR due_date >= %(due_first)s::date)
    AND (%(due_last)s::date IS NULL OR due_date <= %(due_last)s::date)
    AND (NOT %(no_due)s::boolean OR due_date IS NULL)
    AND (%(tag)s::text IS NULL OR tags @> ARRAY[%(tag)s::text])
    AND (%(priority)s::text IS NULL OR priority = %(priority)s::text)
    AND (NOT %(reminders)s::boolean OR (remind_at IS NOT NULL AND reminded_at IS NULL))
), page AS (
  SELECT * FROM matching
  ORDER BY
    CASE WHEN %(sort)s::text = 'priority' THEN rank END DESC,
    CASE WHEN %(sort)s::text IN ('due', 'priority') THEN due_date END ASC NULLS LAST,
    CASE WHEN %(sort)s::text IN ('due', 'priority') THEN due_time END ASC NULLS LAST,
    id
  LIMIT %(limit)s OFFSET %(offset)s
)
SELECT page.*, (SELECT count(*) FROM matching) AS total
FROM (SELECT 1) AS one
LEFT JOIN page ON true
ORDER BY
  CASE WHEN %(sort)s::text = 'priority' THEN page.rank END DESC,
  CASE WHEN %(sort)s::text IN ('due', 'priority') THEN page.due_date END ASC NULLS LAST,
  CASE WHEN %(sort)s::text IN ('due', 'priority') THEN page.due_time END ASC NULLS LAST,
  page.id;

-- name: get_task
-- One of the user's tasks.
SELECT id, title, description, completed, created_at, updated_at, due_date, due_time, priority, tags, recurrence, completed_at, remind_at, reminded_at
FROM tasks
WHERE user_id = %(user_id)s AND id = %(task_id)s;

-- name: lock_task
-- One of the user's tasks, locked until the transaction ends: completing a repeating task reads
-- whether it was done already and adds the next one, and two completions at once must not add two.
SELECT id, title, description, completed, created_at, updated_at, due_date, due_time, priority, tags, recurrence, completed_at, remind_at, reminded_at
FROM tasks
WHERE user_id = %(user_id)s AND id = %(task_id)s
FOR UPDATE;

-- name: update_task
-- Change the given fields of one of the user's tasks: a `set_*` flag says a field is given (a
-- null value then clears it); `completed` null keeps the state, and `completed_at` follows it.
-- `updated_at` moves only when a field does: writing back what was read changes nothing.
WITH changed AS (
  SELECT id,
    COALESCE(%(title)s, title) AS title,
    CASE WHEN %(set_description)s::boolean THEN %(description)s ELSE description END AS description,
    CASE WHEN %(set_due)s::boolean THEN %(due_date)s::date ELSE due_date END AS due_date,
    CASE WHEN %(set_due)s::boolean THEN %(due_time)s::time ELSE due_time END AS due_time,
    COALESCE(%(priority)s, priority) AS priority,
    CASE WHEN %(set_tags)s::boolean THEN %(tags)s::text[] ELSE tags END AS tags,
    CASE WHEN %(set_recurrence)s::boolean THEN %(recurrence)s ELSE recurrence END AS recurrence,
    CASE WHEN %(set_remind)s::boolean THEN %(remind_at)s::timestamptz ELSE remind_at END AS remind_at,
    -- A reminder set again, or a task opened again before its reminder's time, is armed again.
    CASE
      WHEN %(set_remind)s::boolean THEN NULL
      WHEN %(completed)s::boolean IS FALSE AND completed AND remind_at > now() THEN NULL
      ELSE reminded_at
    END AS reminded_at,
    COALESCE(%(completed)s::boolean, completed) AS completed,
    CASE
      WHEN %(completed)s::boolean IS NULL THEN completed_at
      WHEN %(completed)s::boolean THEN COALESCE(completed_at, now())
    END AS completed_at
  FROM tasks
  WHERE user_id = %(user_id)s AND id = %(task_id)s
)
UPDATE tasks SET
  title = changed.title,
  description = changed.description,
  due_date = changed.due_date,
  due_time = changed.due_time,
  priority = changed.priority,
  tags = changed.tags,
  recurrence = changed.recurrence,
  completed = changed.completed,
  completed_at = changed.completed_at,
  remind_at = changed.remind_at,
  reminded_at = changed.reminded_at,
  updated_at = CASE
    WHEN (changed.title, changed.description, changed.due_date, changed.due_time, changed.priority, changed.tags,
          changed.recurrence, changed.completed, changed.completed_at, changed.remind_at)
      IS DISTINCT FROM (tasks.title, tasks.description, tasks.due_date, tasks.due_time, tasks.priority, tasks.tags,
          tasks.recurrence, tasks.completed, tasks.completed_at, tasks.remind_at)
    THEN now() ELSE tasks.updated_at
  END
FROM changed
WHERE tasks.user_id = %(user_id)s AND tasks.id = changed.id
RETURNING tasks.id, tasks.title, tasks.description, tasks.completed, tasks.created_at, tasks.updated_at, tasks.due_date,
  tasks.due_time, tasks.priority, tasks.tags, tasks.recurrence, tasks.completed_at, tasks.remind_at, tasks.reminded_at;

-- name: open_occurrence
-- The open occurrence a completion of this task made, if one is still there (and whether anyone has changed it).
SELECT id, (updated_at = created_at) AS untouched
FROM tasks
WHERE user_id = %(user_id)s AND follows = %(task_id)s AND NOT completed
ORDER BY id DESC
LIMIT 1;

-- name: delete_task
-- Delete one of the user's tasks.
DELETE FROM tasks
WHERE user_id = %(user_id)s AND id = %(task_id)s
RETURNING id, title, description, completed, created_at, updated_at, due_date, due_time, priority, tags, recurrence, completed_at, remind_at, reminded_at;

-- name: turn_context
-- What a model's turn starts from, in one round trip: the user's timezone (NULL for a user not seen yet) on
-- every row, and their open tasks, the soonest due and most urgent first, then the newest, each row
-- with how many are open in all (one row with a NULL id when there are none).
SELECT (SELECT timezone FROM users WHERE id = %(user_id)s) AS timezone, snapshot.*
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
    SELECT id, title, due_date, due_time, priority, count(*) OVER () AS open_count
    FROM tasks
    WHERE user_id = %(user_id)s AND NOT completed
    ORDER BY due_date ASC NULLS LAST, array_position(ARRAY['none', 'low', 'medium', 'high', 'urgent'], priority) DESC, id DESC
    LIMIT %(limit)s
) AS snapshot ON true;

-- name: user_timezone
-- The user's IANA timezone (UTC until they say otherwise).
SELECT timezone FROM users WHERE id = %(user_id)s;

-- name: set_user_timezone
-- Remember the user's timezone, creating their row if this is their first request.
INSERT INTO users (id, timezone) VALUES (%(user_id)s, %(timezone)s)
ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone
WHERE users.timezone IS DISTINCT FROM EXCLUDED.timezone;

-- name: task_events_after
-- The user's task events after the event `after`, oldest first, at most `limit`.
SELECT id, type, task_id, task, detail, at FROM task_events
WHERE user_id = %(user_id)s AND id > %(after)s
ORDER BY id
LIMIT %(limit)s;

-- name: last_task_event
-- The id of the user's newest task event (0 when there is none): where a new stream starts.
SELECT COALESCE(max(id), 0) AS id FROM task_events WHERE user_id = %(user_id)s;

-- name: prune_task_events
-- Forget task events older than a day (a reconnect gets what it missed within that).
DELETE FROM task_events WHERE at < now() - interval '1 day';
