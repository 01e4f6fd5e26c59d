DROP INDEX messages_user_turns;
DROP TABLE turn_keys;
ALTER TABLE conversations DROP COLUMN lease_until;
