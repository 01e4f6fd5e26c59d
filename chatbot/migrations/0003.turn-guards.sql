-- depends: 0002.login-failures
-- What keeps turns safe across instances: a lease per conversation, idempotency keys, and an
-- index to count a user's recent turns for the rate limit.

ALTER TABLE conversations ADD COLUMN lease_until timestamptz;

CREATE TABLE turn_keys (
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key             text NOT NULL,
  conversation_id bigint,
  status          text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  response        jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

CREATE INDEX messages_user_turns ON messages (user_id, created_at) WHERE role = 'user';
