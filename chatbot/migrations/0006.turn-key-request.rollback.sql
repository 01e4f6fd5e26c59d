ALTER TABLE turn_keys DROP COLUMN IF EXISTS request_hash;
