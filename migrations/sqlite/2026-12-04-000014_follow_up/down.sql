DROP TABLE follow_ups;
DROP TABLE support_log;
DROP TABLE survey_links;
DROP TABLE surveys;
