-- depends: 0007.occurrence-link
-- What each change of a keyed turn did, written in the same transaction as the change: a retry of a turn that
-- died after its changes committed answers from them instead of making them again.

CREATE TABLE turn_effects (
  user_id    text NOT NULL,
  key        text NOT NULL,
  seq        bigserial,
  name       text NOT NULL,
  arguments  jsonb NOT NULL,
  result     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key, seq),
  FOREIGN KEY (user_id, key) REFERENCES turn_keys (user_id, key) ON DELETE CASCADE
);
