-- name: add_message
-- Append a message to one of the user's conversations and mark the conversation active;
-- returns nothing when the conversation is not the user's.
WITH touched AS (
  UPDATE conversations SET updated_at = now()
  WHERE user_id = %(user_id)s AND id = %(conversation_id)s
  RETURNING id
)
INSERT INTO messages (conversation_id, user_id, role, content, tool_calls, tool_call_id)
SELECT id, %(user_id)s, %(role)s, %(content)s, %(tool_calls)s, %(tool_call_id)s FROM touched
RETURNING id, created_at;

-- name: list_messages
-- A page of one of the user's conversations: the newest `limit` messages before the id `before` (all of them when
-- null), oldest first.
SELECT * FROM (
  SELECT id, role, content, tool_calls, tool_call_id, created_at
  FROM messages
  WHERE user_id = %(user_id)s AND conversation_id = %(conversation_id)s
    AND (%(before)s::bigint IS NULL OR id < %(before)s::bigint)
  ORDER BY id DESC
  LIMIT %(limit)s
) page
ORDER BY id;
