-- When a meeting of the fair day began: the desk's start, or both sides checked in during
-- its slot (issue 23, item 4). A no-show no longer holds its place: the company or buyer
-- who came may meet someone from the standby list in the same slot, at the same table.
ALTER TABLE meetings ADD COLUMN started_at TIMESTAMP;

DROP INDEX meetings_company_slot;
DROP INDEX meetings_buyer_slot;
DROP INDEX meetings_table_slot;
DROP INDEX meetings_interpreter_slot;
CREATE UNIQUE INDEX meetings_company_slot ON meetings (slot_id, company_id)
    WHERE status IN ('scheduled', 'held') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_buyer_slot ON meetings (slot_id, buyer_id)
    WHERE status IN ('scheduled', 'held') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_table_slot ON meetings (slot_id, table_id)
    WHERE status IN ('scheduled', 'held') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_interpreter_slot ON meetings (slot_id, interpreter_id)
    WHERE status IN ('scheduled', 'held') AND interpreter_id IS NOT NULL;
