DROP INDEX meetings_company_slot;
DROP INDEX meetings_buyer_slot;
DROP INDEX meetings_table_slot;
DROP INDEX meetings_interpreter_slot;
CREATE UNIQUE INDEX meetings_company_slot ON meetings (slot_id, company_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_buyer_slot ON meetings (slot_id, buyer_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_table_slot ON meetings (slot_id, table_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND slot_id IS NOT NULL;
CREATE UNIQUE INDEX meetings_interpreter_slot ON meetings (slot_id, interpreter_id)
    WHERE status IN ('scheduled', 'held', 'no_show') AND interpreter_id IS NOT NULL;
ALTER TABLE meetings DROP COLUMN started_at;
