-- depends: 0003.turn-guards
-- Guards that hold under concurrency and outlive what they guard: a running idempotency key
-- expires like a lease; turns are counted per user and minute in a row of their own (deleting a
-- conversation does not touch it); sign-in attempts per email are claimed before the password is
-- checked, in one row per email.

ALTER TABLE turn_keys ADD COLUMN lease_until timestamptz;

CREATE TABLE turn_counts (
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  turns        integer NOT NULL,
  PRIMARY KEY (user_id, window_start)
);

CREATE TABLE sign_in_attempts (
  email        text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  failures     integer NOT NULL
);

DROP TABLE login_failures;
-- Turns were counted from stored messages; nothing reads this index now.
DROP INDEX messages_user_turns;
