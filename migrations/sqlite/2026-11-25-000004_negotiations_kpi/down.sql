DROP TABLE audit_log;
DROP TABLE kpi_targets;
DROP TABLE negotiation_contacts;
DROP TABLE negotiation_reports;
DROP TABLE negotiations;
DROP INDEX meetings_held_at;
ALTER TABLE meetings DROP COLUMN took_place_at;
