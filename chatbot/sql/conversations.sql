-- name: get_conversation
-- One of the user's conversations.
SELECT id, title, created_at, updated_at
FROM conversations
WHERE user_id = %(user_id)s AND id = %(conversation_id)s;

-- name: list_conversations
-- The user's conversations, most recently active first.
SELECT id, title, created_at, updated_at
FROM conversations
WHERE user_id = %(user_id)s
ORDER BY updated_at DESC, id DESC
LIMIT %(limit)s;

-- name: delete_conversation
-- Delete one of the user's conversations and, by cascade, its messages, unless a turn holds it.
DELETE FROM conversations
WHERE user_id = %(user_id)s AND id = %(conversation_id)s
  AND (lease_until IS NULL OR lease_until < now())
RETURNING id;
