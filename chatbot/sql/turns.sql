-- name: recent_turns
-- How many turns the user started within the window, and how long until the oldest leaves it.
SELECT count(*) AS turns,
       COALESCE(EXTRACT(EPOCH FROM min(created_at) + make_interval(secs => %(window_seconds)s) - now()), 0) AS wait_seconds
FROM messages
WHERE user_id = %(user_id)s AND role = 'user'
  AND created_at > now() - make_interval(secs => %(window_seconds)s);

-- name: claim_turn_key
-- Claim an idempotency key for a new turn; returns nothing when the key is already known.
INSERT INTO turn_keys (user_id, key, status)
VALUES (%(user_id)s, %(key)s, 'running')
ON CONFLICT (user_id, key) DO NOTHING
RETURNING key;

-- name: get_turn_key
-- What became of the turn an idempotency key started.
SELECT status, conversation_id, response, created_at
FROM turn_keys
WHERE user_id = %(user_id)s AND key = %(key)s;

-- name: retake_turn_key
-- Run a failed turn's key again.
UPDATE turn_keys SET status = 'running', response = NULL
WHERE user_id = %(user_id)s AND key = %(key)s AND status = 'failed'
RETURNING key;

-- name: finish_turn_key
-- Record how a keyed turn ended, and the answer to give its retries.
UPDATE turn_keys SET status = %(status)s, conversation_id = %(conversation_id)s, response = %(response)s
WHERE user_id = %(user_id)s AND key = %(key)s;

-- name: take_lease
-- Let this turn have the conversation until the lease ends, unless another turn holds it.
UPDATE conversations SET lease_until = now() + make_interval(secs => %(seconds)s)
WHERE user_id = %(user_id)s AND id = %(conversation_id)s
  AND (lease_until IS NULL OR lease_until < now())
RETURNING id;

-- name: release_lease
-- The turn is over: the conversation is free again.
UPDATE conversations SET lease_until = NULL
WHERE user_id = %(user_id)s AND id = %(conversation_id)s;
