DROP TABLE IF EXISTS turn_effects;
