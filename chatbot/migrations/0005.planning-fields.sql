-- depends: 0004.exact-guards
-- Tasks people plan with: a due date (and time), a priority, tags, a repeat rule, when it was
-- completed; each user's timezone, which decides what "today" is for them.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE users ADD COLUMN timezone text NOT NULL DEFAULT 'UTC' CHECK (char_length(timezone) BETWEEN 1 AND 64);

ALTER TABLE tasks
  ADD COLUMN due_date     date,
  ADD COLUMN due_time     time,
  ADD COLUMN priority     text NOT NULL DEFAULT 'none' CHECK (priority IN ('none', 'low', 'medium', 'high', 'urgent')),
  ADD COLUMN tags         text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
  ADD COLUMN recurrence   text CHECK (char_length(recurrence) <= 100),
  ADD COLUMN completed_at timestamptz,
  ADD CONSTRAINT tasks_time_needs_date CHECK (due_time IS NULL OR due_date IS NOT NULL);

-- "What's due today / overdue / this week" reads a user's open tasks by date.
CREATE INDEX tasks_user_due ON tasks (user_id, due_date) WHERE NOT completed;
-- "Show my work tasks": tags hold the tag.
CREATE INDEX tasks_tags ON tasks USING gin (tags);
-- "Find the dentist one": words anywhere in the title or description (ILIKE), served by trigrams.
CREATE INDEX tasks_text_trgm ON tasks USING gin ((title || ' ' || coalesce(description, '')) gin_trgm_ops);
