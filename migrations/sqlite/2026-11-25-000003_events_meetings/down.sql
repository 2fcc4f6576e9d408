DROP TABLE meeting_transitions;
DROP TABLE meetings;
DROP TABLE availability_blocks;
DROP TABLE interpreters;
DROP TABLE event_tables;
DROP TABLE event_slots;
DROP TABLE event_exhibitors;
DROP TABLE events;
