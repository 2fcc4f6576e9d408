DROP TRIGGER report_opinions_frozen_delete;
DROP TRIGGER report_opinions_frozen_update;
DROP TRIGGER report_opinions_frozen_insert;
DROP TRIGGER published_reports_no_delete;
DROP TRIGGER published_reports_no_update;
DROP TABLE published_reports;
DROP TABLE report_opinions;
DROP TABLE report_drafts;
