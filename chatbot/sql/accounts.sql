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

-- name: claim_sign_in_attempt
-- Count a sign-in attempt for this email as failed until it succeeds, unless `max_failures` within
-- the window are counted already; returns nothing then. The row lock makes it exact under concurrency.
INSERT INTO sign_in_attempts (email, window_start, failures)
VALUES (%(email)s, now(), 1)
ON CONFLICT (email) DO UPDATE SET
  failures = CASE WHEN sign_in_attempts.window_start < now() - make_interval(secs => %(window_seconds)s)
                  THEN 1 ELSE sign_in_attempts.failures + 1 END,
  window_start = CASE WHEN sign_in_attempts.window_start < now() - make_interval(secs => %(window_seconds)s)
                      THEN now() ELSE sign_in_attempts.window_start END
WHERE sign_in_attempts.window_start < now() - make_interval(secs => %(window_seconds)s)
   OR sign_in_attempts.failures < %(max_failures)s
RETURNING failures;

-- name: sign_in_wait
-- Seconds until this email's window of failed sign-ins ends.
SELECT GREATEST(EXTRACT(EPOCH FROM window_start + make_interval(secs => %(window_seconds)s) - now()), 1) AS wait_seconds
FROM sign_in_attempts
WHERE email = %(email)s;

-- name: sign_in_succeeded
-- The attempt was right after all: it no longer counts as a failure.
UPDATE sign_in_attempts SET failures = GREATEST(failures - 1, 0)
WHERE email = %(email)s;
