ALTER TABLE interpreters DROP COLUMN email;
