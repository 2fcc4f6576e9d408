-- The totals of migration 000007, kept per statement instead of per row.
--
-- A row trigger updated the year's `kpi_year_totals` row once per negotiation. Inside one
-- transaction every such update leaves a version of the row that cannot be pruned before
-- commit, and each next update walks that chain: a transaction writing n negotiations of one
-- year cost O(n²) (the benchmark's load, 7,300 negotiations per fair, went from 217 s to
-- 585 s). These triggers see the statement's rows as transition tables and add each year's
-- sums once per statement. Same rule, same transaction; `kpi-recount` still checks the result.

DROP TRIGGER negotiations_kpi_update ON negotiations;
DROP TRIGGER negotiations_kpi_insert_delete ON negotiations;
DROP FUNCTION negotiations_kpi_totals();
DROP FUNCTION kpi_year_totals_add(negotiations, BIGINT);

-- Adds (sign 1) or takes away (sign -1) the contribution of `changed` negotiations.
CREATE FUNCTION kpi_year_totals_add(changed negotiations[], sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(changed) = 0 THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(changed) n LEFT JOIN meetings m ON m.id = n.meeting_id
               WHERE m.fiscal_year IS NULL) THEN
        RAISE EXCEPTION 'a negotiation needs its meeting held, with took_place_at';
    END IF;
    INSERT INTO kpi_year_totals AS t (fiscal_year, held, won, prospect, lost, disagreeing)
    SELECT m.fiscal_year, sign * count(*),
           sign * count(*) FILTER (WHERE n.effective_status = 'won'),
           sign * count(*) FILTER (WHERE n.effective_status = 'prospect'),
           sign * count(*) FILTER (WHERE n.effective_status = 'lost'),
           sign * count(*) FILTER (WHERE n.reports_disagree)
    FROM unnest(changed) n JOIN meetings m ON m.id = n.meeting_id
    GROUP BY m.fiscal_year
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = t.held + excluded.held, won = t.won + excluded.won,
        prospect = t.prospect + excluded.prospect, lost = t.lost + excluded.lost,
        disagreeing = t.disagreeing + excluded.disagreeing;
    INSERT INTO kpi_year_totals AS t (fiscal_year, deals, sales_yen)
    SELECT n.deal_fiscal_year, sign * count(*), sign * COALESCE(sum(n.effective_amount_jpy), 0)
    FROM unnest(changed) n
    WHERE n.deal_fiscal_year IS NOT NULL
    GROUP BY n.deal_fiscal_year
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = t.deals + excluded.deals, sales_yen = t.sales_yen + excluded.sales_yen;
END $$;

CREATE FUNCTION negotiations_kpi_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kpi_year_totals_add(ARRAY(SELECT n::negotiations FROM new_rows n), 1);
    RETURN NULL;
END $$;

CREATE FUNCTION negotiations_kpi_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kpi_year_totals_add(ARRAY(SELECT o::negotiations FROM old_rows o), -1);
    RETURN NULL;
END $$;

-- A trigger with transition tables cannot name columns (UPDATE OF …), so the rows whose
-- counted columns did not change are left out here.
CREATE FUNCTION negotiations_kpi_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kpi_year_totals_add(ARRAY(
        SELECT o::negotiations FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.meeting_id, o.effective_status, o.effective_amount_jpy, o.effective_closed_on,
               o.reports_disagree)
          IS DISTINCT FROM (n.meeting_id, n.effective_status, n.effective_amount_jpy,
                            n.effective_closed_on, n.reports_disagree)), -1);
    PERFORM kpi_year_totals_add(ARRAY(
        SELECT n::negotiations FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.meeting_id, o.effective_status, o.effective_amount_jpy, o.effective_closed_on,
               o.reports_disagree)
          IS DISTINCT FROM (n.meeting_id, n.effective_status, n.effective_amount_jpy,
                            n.effective_closed_on, n.reports_disagree)), 1);
    RETURN NULL;
END $$;

CREATE TRIGGER negotiations_kpi_insert AFTER INSERT ON negotiations
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION negotiations_kpi_inserted();
CREATE TRIGGER negotiations_kpi_delete AFTER DELETE ON negotiations
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION negotiations_kpi_deleted();
CREATE TRIGGER negotiations_kpi_update AFTER UPDATE ON negotiations
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION negotiations_kpi_updated();
