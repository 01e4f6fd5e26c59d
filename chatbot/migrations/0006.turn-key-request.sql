-- depends: 0005.planning-fields
-- An idempotency key remembers what it was sent with: the same key with another body is refused (422),
-- never answered with the first body's reply.

ALTER TABLE turn_keys ADD COLUMN request_hash text;
