-- The KPI report's figures per fiscal year, kept by a trigger on `negotiations` in the same
-- transaction as every change, so that `GET /kpi` reads a few rows instead of aggregating
-- every held meeting since the programme began (bench/README.md has the before and after).
--
-- Every held meeting has exactly one negotiation, opened when it is marked held, and a held
-- meeting never changes status or `took_place_at` again, so counting negotiations by their
-- meeting's fiscal year is counting held meetings (DESIGN.md, "The KPIs, defined from the
-- data"). `held` .. `disagreeing` count by the fiscal year the meeting took place;
-- `deals` and `sales_yen` count won deals by the fiscal year of their closing date.
-- `sagamihara-match kpi-recount` recomputes the rows from the records and shows any difference.
CREATE TABLE kpi_year_totals (
    fiscal_year  INTEGER NOT NULL PRIMARY KEY,
    held         BIGINT NOT NULL DEFAULT 0,
    won          BIGINT NOT NULL DEFAULT 0,
    prospect     BIGINT NOT NULL DEFAULT 0,
    lost         BIGINT NOT NULL DEFAULT 0,
    disagreeing  BIGINT NOT NULL DEFAULT 0,
    deals        BIGINT NOT NULL DEFAULT 0,
    sales_yen    BIGINT NOT NULL DEFAULT 0
);

-- The Japanese fiscal year (1 April – 31 March, Asia/Tokyo, no daylight saving) of a held
-- meeting and of a won deal's closing date: the one place the rule is written in SQL
-- (src/kpi/fiscal.rs has it in Rust; the KPI tests cover the edges on both).
ALTER TABLE meetings ADD COLUMN fiscal_year INTEGER GENERATED ALWAYS AS (
    CAST(extract(year FROM took_place_at + interval '9 hours') AS INTEGER)
        - CASE WHEN extract(month FROM took_place_at + interval '9 hours') < 4 THEN 1 ELSE 0 END
) STORED;
ALTER TABLE negotiations ADD COLUMN deal_fiscal_year INTEGER GENERATED ALWAYS AS (
    CASE WHEN effective_status = 'won' THEN
        CAST(extract(year FROM effective_closed_on) AS INTEGER)
            - CASE WHEN extract(month FROM effective_closed_on) < 4 THEN 1 ELSE 0 END
    END
) STORED;

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

-- A held meeting's moment is fixed once its negotiation counts it.
CREATE FUNCTION meetings_took_place_at_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a held meeting''s took_place_at cannot change';
END $$;
CREATE TRIGGER meetings_took_place_at_fixed BEFORE UPDATE OF took_place_at ON meetings
FOR EACH ROW WHEN (OLD.took_place_at IS NOT NULL AND NEW.took_place_at IS DISTINCT FROM OLD.took_place_at)
EXECUTE FUNCTION meetings_took_place_at_fixed();

-- The records already there.
INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
SELECT m.fiscal_year, count(*),
       count(*) FILTER (WHERE n.effective_status = 'won'),
       count(*) FILTER (WHERE n.effective_status = 'prospect'),
       count(*) FILTER (WHERE n.effective_status = 'lost'),
       count(*) FILTER (WHERE n.reports_disagree)
FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
WHERE m.fiscal_year IS NOT NULL
GROUP BY m.fiscal_year;
INSERT INTO kpi_year_totals AS t (fiscal_year, deals, sales_yen)
SELECT deal_fiscal_year, count(*), COALESCE(sum(effective_amount_jpy), 0)
FROM negotiations WHERE deal_fiscal_year IS NOT NULL
GROUP BY deal_fiscal_year
ON CONFLICT (fiscal_year) DO UPDATE SET deals = excluded.deals, sales_yen = excluded.sales_yen;
