-- An interpreter's e-mail, for the reminders of the meetings they interpret (optional).
ALTER TABLE interpreters ADD COLUMN email TEXT;
