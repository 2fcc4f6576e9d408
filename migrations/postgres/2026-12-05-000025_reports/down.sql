DROP TABLE published_reports;
DROP TABLE report_opinions;
DROP TABLE report_drafts;
DROP FUNCTION report_opinions_frozen();
DROP FUNCTION published_reports_unchanged();
