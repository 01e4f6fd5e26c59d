-- name: ensure_user
-- Create the users row of a subject seen for the first time; a known subject is left alone.
INSERT INTO users (id) VALUES (%(user_id)s)
ON CONFLICT (id) DO NOTHING;
