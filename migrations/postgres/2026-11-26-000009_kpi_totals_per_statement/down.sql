-- Back to the row triggers of migration 000007.
DROP TRIGGER negotiations_kpi_update ON negotiations;
DROP TRIGGER negotiations_kpi_delete ON negotiations;
DROP TRIGGER negotiations_kpi_insert ON negotiations;
DROP FUNCTION negotiations_kpi_updated();
DROP FUNCTION negotiations_kpi_deleted();
DROP FUNCTION negotiations_kpi_inserted();
DROP FUNCTION kpi_year_totals_add(negotiations[], BIGINT);

-- Adds (sign 1) or takes away (sign -1) one negotiation's contribution.
CREATE FUNCTION kpi_year_totals_add(n negotiations, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    held_year INTEGER;
BEGIN
    SELECT fiscal_year INTO held_year FROM meetings WHERE id = n.meeting_id;
    IF held_year IS NULL THEN
        RAISE EXCEPTION 'a negotiation needs its meeting held, with took_place_at';
    END IF;
    INSERT INTO kpi_year_totals AS t (fiscal_year, held, won, prospect, lost, disagreeing)
    VALUES (held_year, sign,
            sign * (n.effective_status = 'won')::int, sign * (n.effective_status = 'prospect')::int,
            sign * (n.effective_status = 'lost')::int, sign * n.reports_disagree::int)
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = t.held + excluded.held, won = t.won + excluded.won,
        prospect = t.prospect + excluded.prospect, lost = t.lost + excluded.lost,
        disagreeing = t.disagreeing + excluded.disagreeing;
    IF n.deal_fiscal_year IS NOT NULL THEN
        INSERT INTO kpi_year_totals AS t (fiscal_year, deals, sales_yen)
        VALUES (n.deal_fiscal_year, sign, sign * COALESCE(n.effective_amount_jpy, 0))
        ON CONFLICT (fiscal_year) DO UPDATE SET
            deals = t.deals + excluded.deals, sales_yen = t.sales_yen + excluded.sales_yen;
    END IF;
END $$;

CREATE FUNCTION negotiations_kpi_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM kpi_year_totals_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM kpi_year_totals_add(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER negotiations_kpi_insert_delete AFTER INSERT OR DELETE ON negotiations
FOR EACH ROW EXECUTE FUNCTION negotiations_kpi_totals();
CREATE TRIGGER negotiations_kpi_update AFTER UPDATE OF
    meeting_id, effective_status, effective_amount_jpy, effective_closed_on, reports_disagree
ON negotiations FOR EACH ROW EXECUTE FUNCTION negotiations_kpi_totals();
