-- depends: 0001.initial-schema
-- Failed sign-ins, counted per email to slow down password guessing across every instance.

CREATE TABLE login_failures (
  email     text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_failed_at ON login_failures (email, failed_at);
