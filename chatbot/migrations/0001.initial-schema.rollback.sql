DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE tasks;
DROP TABLE users;
