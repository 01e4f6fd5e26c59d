-- name: count_turn
-- Count one more turn in the user's current window unless it already holds `limit`; returns the
-- new count, or nothing when the user is at the limit. The row lock makes it exact under concurrency.
WITH bounds AS (
  SELECT to_timestamp(floor(EXTRACT(EPOCH FROM now()) / %(window_seconds)s) * %(window_seconds)s) AS window_start
), forgotten AS (
  DELETE FROM turn_counts
  WHERE user_id = %(user_id)s AND window_start < (SELECT window_start FROM bounds)
)
INSERT INTO turn_counts (user_id, window_start, turns)
SELECT %(user_id)s, window_start, 1 FROM bounds
ON CONFLICT (user_id, window_start) DO UPDATE SET turns = turn_counts.turns + 1
WHERE turn_counts.turns < %(limit)s
RETURNING turns;

-- name: turn_window_wait
-- Seconds until the user's newest turn-counting window ends.
SELECT GREATEST(EXTRACT(EPOCH FROM window_start + make_interval(secs => %(window_seconds)s) - now()), 0) AS wait_seconds
FROM turn_counts
WHERE user_id = %(user_id)s
ORDER BY window_start DESC
LIMIT 1;

-- name: claim_turn_key
-- Claim an idempotency key for a new turn, leased like its conversation; returns nothing when the
-- key is already known. The user's keys older than a day are forgotten on the way.
WITH forgotten AS (
  DELETE FROM turn_keys WHERE user_id = %(user_id)s AND created_at < now() - interval '1 day'
)
INSERT INTO turn_keys (user_id, key, status, lease_until, request_hash)
VALUES (%(user_id)s, %(key)s, 'running', now() + make_interval(secs => %(lease_seconds)s), %(request_hash)s)
ON CONFLICT (user_id, key) DO NOTHING
RETURNING key;

-- name: get_turn_key
-- What became of the turn an idempotency key started, and how long a running one still holds it.
SELECT status, conversation_id, response, created_at, request_hash,
       GREATEST(EXTRACT(EPOCH FROM lease_until - now()), 0) AS lease_seconds_left,
       (status = 'running' AND lease_until < now()) AS expired
FROM turn_keys
WHERE user_id = %(user_id)s AND key = %(key)s;

-- name: retake_turn_key
-- Run a failed turn's key again, or one whose turn died running (its lease ran out).
UPDATE turn_keys SET status = 'running', response = NULL, lease_until = now() + make_interval(secs => %(lease_seconds)s)
WHERE user_id = %(user_id)s AND key = %(key)s
  AND (status = 'failed' OR (status = 'running' AND lease_until < now()))
RETURNING key;

-- name: finish_turn_key
-- Record how a keyed turn ended, and the answer to give its retries.
UPDATE turn_keys SET status = %(status)s, conversation_id = %(conversation_id)s, response = %(response)s, lease_until = NULL
WHERE user_id = %(user_id)s AND key = %(key)s;

-- name: start_conversation
-- Start a conversation with the user's first message, leased to its turn (and the user's row on a
-- first visit); returns the new conversation's id.
WITH new_user AS (
  INSERT INTO users (id) VALUES (%(user_id)s) ON CONFLICT (id) DO NOTHING
), conversation AS (
  INSERT INTO conversations (user_id, title, lease_until)
  VALUES (%(user_id)s, %(title)s, now() + make_interval(secs => %(lease_seconds)s))
  RETURNING id
)
INSERT INTO messages (conversation_id, user_id, role, content)
SELECT id, %(user_id)s, 'user', %(content)s FROM conversation
RETURNING conversation_id;

-- name: continue_conversation
-- Lease one of the user's conversations to this turn, store the user's message, and return the
-- newest `limit` messages before it, oldest first: one row with null message columns when there
-- are none, and no row at all when the conversation is not the user's or another turn holds it.
WITH leased AS (
  UPDATE conversations SET lease_until = now() + make_interval(secs => %(lease_seconds)s), updated_at = now()
  WHERE user_id = %(user_id)s AND id = %(conversation_id)s
    AND (lease_until IS NULL OR lease_until < now())
  RETURNING id
), said AS (
  INSERT INTO messages (conversation_id, user_id, role, content)
  SELECT id, %(user_id)s, 'user', %(content)s FROM leased
)
SELECT leased.id AS conversation_id, history.id, history.role, history.content, history.tool_calls,
       history.tool_call_id, history.created_at
FROM leased
LEFT JOIN LATERAL (
  SELECT id, role, content, tool_calls, tool_call_id, created_at
  FROM messages
  WHERE user_id = %(user_id)s AND conversation_id = leased.id
  ORDER BY id DESC
  LIMIT %(limit)s
) AS history ON true
ORDER BY history.id;

-- name: finish_turn
-- Store the assistant's closing reply of a turn and free the conversation for the next turn.
WITH freed AS (
  UPDATE conversations SET lease_until = NULL, updated_at = now()
  WHERE user_id = %(user_id)s AND id = %(conversation_id)s
  RETURNING id
)
INSERT INTO messages (conversation_id, user_id, role, content)
SELECT id, %(user_id)s, 'assistant', %(content)s FROM freed
RETURNING id;

-- name: record_effect
-- Remember what one change of a keyed turn did, in the change's own transaction; nothing when the key is not a
-- running turn of this user's (a call made outside a keyed turn).
INSERT INTO turn_effects (user_id, key, name, arguments, result)
SELECT %(user_id)s, %(key)s, %(name)s, %(arguments)s::jsonb, %(result)s::jsonb
WHERE EXISTS (SELECT 1 FROM turn_keys WHERE user_id = %(user_id)s AND key = %(key)s AND status = 'running');

-- name: turn_effects
-- What the changes of a keyed turn did, in order.
SELECT name, arguments, result FROM turn_effects WHERE user_id = %(user_id)s AND key = %(key)s ORDER BY seq;

-- name: key_conversation
-- The conversation a keyed turn runs in, noted as soon as it is known (a retry after a crash goes on in it).
UPDATE turn_keys SET conversation_id = %(conversation_id)s WHERE user_id = %(user_id)s AND key = %(key)s;

-- name: close_interrupted_calls
-- Give each tool call the conversation's last turn left without a result (the process died mid-call) a stored
-- "interrupted" result, so the history reads whole; only while no turn holds the conversation.
INSERT INTO messages (conversation_id, user_id, role, content, tool_call_id)
SELECT asked.conversation_id, %(user_id)s, 'tool', %(content)s, call->>'id'
FROM conversations
JOIN messages AS asked ON asked.conversation_id = conversations.id AND asked.user_id = %(user_id)s
CROSS JOIN LATERAL jsonb_array_elements(asked.tool_calls) WITH ORDINALITY AS calls (call, place)
WHERE conversations.user_id = %(user_id)s AND conversations.id = %(conversation_id)s
  AND (conversations.lease_until IS NULL OR conversations.lease_until < now())
  AND asked.role = 'assistant' AND jsonb_typeof(asked.tool_calls) = 'array'
  AND asked.id > COALESCE((SELECT max(id) FROM messages WHERE conversation_id = %(conversation_id)s AND role = 'user'), 0)
  AND NOT EXISTS (
    SELECT 1 FROM messages AS answered
    WHERE answered.conversation_id = asked.conversation_id AND answered.role = 'tool' AND answered.tool_call_id = call->>'id'
  )
ORDER BY asked.id, place;
