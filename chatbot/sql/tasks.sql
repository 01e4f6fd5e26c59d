-- name: add_task
-- Create a task for the user, and the user's row if this is their first write.
WITH new_user AS (
  INSERT INTO users (id) VALUES (%(user_id)s) ON CONFLICT (id) DO NOTHING
)
INSERT INTO tasks (user_id, title, description)
VALUES (%(user_id)s, %(title)s, %(description)s)
RETURNING id, title, description, completed, created_at, updated_at;

-- name: list_tasks
-- A page of the user's tasks, oldest first, and how many match in all (one row of nulls but the
-- count when the page is empty); `completed` and `pattern` filter when not null.
WITH matching AS (
  SELECT id, title, description, completed, created_at, updated_at
  FROM tasks
  WHERE user_id = %(user_id)s
    AND (%(completed)s::boolean IS NULL OR completed = %(completed)s::boolean)
    AND (%(pattern)s::text IS NULL
         OR title ILIKE %(pattern)s::text
         OR description ILIKE %(pattern)s::text)
), page AS (
  SELECT * FROM matching ORDER BY id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT page.*, (SELECT count(*) FROM matching) AS total
FROM (SELECT 1) AS one
LEFT JOIN page ON true
ORDER BY page.id;

-- name: get_task
-- One of the user's tasks.
SELECT id, title, description, completed, created_at, updated_at
FROM tasks
WHERE user_id = %(user_id)s AND id = %(task_id)s;

-- name: complete_task
-- Mark one of the user's tasks complete.
UPDATE tasks SET completed = true, updated_at = now()
WHERE user_id = %(user_id)s AND id = %(task_id)s
RETURNING id, title, description, completed, created_at, updated_at;

-- name: update_task
-- Change the given fields of one of the user's tasks; a null argument keeps the field,
-- except description, which `set_description` decides.
UPDATE tasks SET
  title = COALESCE(%(title)s, title),
  description = CASE WHEN %(set_description)s::boolean THEN %(description)s ELSE description END,
  completed = COALESCE(%(completed)s::boolean, completed),
  updated_at = now()
WHERE user_id = %(user_id)s AND id = %(task_id)s
RETURNING id, title, description, completed, created_at, updated_at;

-- name: delete_task
-- Delete one of the user's tasks.
DELETE FROM tasks
WHERE user_id = %(user_id)s AND id = %(task_id)s
RETURNING id, title, description, completed, created_at, updated_at;

-- name: open_tasks_snapshot
-- The user's newest open tasks, each row also carrying how many open tasks there are in all.
SELECT id, title, count(*) OVER () AS open_count
FROM tasks
WHERE user_id = %(user_id)s AND NOT completed
ORDER BY id DESC
LIMIT %(limit)s;
