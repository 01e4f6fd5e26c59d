-- name: create_account
-- A local account: a user row with an email and a password hash; nothing when the email is taken.
INSERT INTO users (id, email, password_hash)
VALUES (%(user_id)s, %(email)s, %(password_hash)s)
ON CONFLICT (email) DO NOTHING
RETURNING id;

-- name: account_by_email
-- The user id and password hash of a local account.
SELECT id AS user_id, password_hash
FROM users
WHERE email = %(email)s AND password_hash IS NOT NULL;

-- name: recent_login_failures
-- How many sign-ins failed for this email within the window, and when the oldest of them was.
SELECT count(*) AS failures, min(failed_at) AS oldest
FROM login_failures
WHERE email = %(email)s AND failed_at > now() - make_interval(secs => %(window_seconds)s);

-- name: record_login_failure
-- Remember a failed sign-in, and forget those older than a day.
WITH forgotten AS (
  DELETE FROM login_failures WHERE email = %(email)s AND failed_at < now() - interval '1 day'
)
INSERT INTO login_failures (email) VALUES (%(email)s);
