CREATE INDEX messages_user_turns ON messages (user_id, created_at) WHERE role = 'user';
CREATE TABLE login_failures (
  email     text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_failed_at ON login_failures (email, failed_at);
DROP TABLE sign_in_attempts;
DROP TABLE turn_counts;
ALTER TABLE turn_keys DROP COLUMN lease_until;
