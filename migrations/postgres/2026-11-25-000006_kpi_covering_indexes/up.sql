-- The KPI report counts held meetings of a period by their negotiation's effective outcome
-- (src/kpi/store.rs). Over a million meetings that join cost two table lookups per meeting;
-- with these covering indexes both sides of the join are read from indexes alone
-- (bench/README.md has the before and after).
DROP INDEX meetings_held_at;
CREATE INDEX meetings_held_at ON meetings (status, took_place_at, id);
CREATE INDEX negotiations_meeting_effective ON negotiations (meeting_id, effective_status, reports_disagree);
