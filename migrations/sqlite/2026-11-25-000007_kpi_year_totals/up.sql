-- The KPI report's figures per fiscal year, kept by triggers on `negotiations` in the same
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
    CAST(strftime('%Y', took_place_at, '+9 hours') AS INTEGER)
        - (CAST(strftime('%m', took_place_at, '+9 hours') AS INTEGER) < 4)
) VIRTUAL;
ALTER TABLE negotiations ADD COLUMN deal_fiscal_year INTEGER GENERATED ALWAYS AS (
    CASE WHEN effective_status = 'won' THEN
        CAST(strftime('%Y', effective_closed_on) AS INTEGER)
            - (CAST(strftime('%m', effective_closed_on) AS INTEGER) < 4)
    END
) VIRTUAL;

CREATE TRIGGER negotiations_kpi_insert AFTER INSERT ON negotiations BEGIN
    SELECT RAISE(ABORT, 'a negotiation needs its meeting held, with took_place_at')
    WHERE (SELECT fiscal_year FROM meetings WHERE id = NEW.meeting_id) IS NULL;
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
    SELECT fiscal_year, 1, NEW.effective_status = 'won', NEW.effective_status = 'prospect',
           NEW.effective_status = 'lost', NEW.reports_disagree <> 0
    FROM meetings WHERE id = NEW.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT NEW.deal_fiscal_year, 1, COALESCE(NEW.effective_amount_jpy, 0)
    WHERE NEW.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;

CREATE TRIGGER negotiations_kpi_delete AFTER DELETE ON negotiations BEGIN
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
    SELECT fiscal_year, -1, -(OLD.effective_status = 'won'), -(OLD.effective_status = 'prospect'),
           -(OLD.effective_status = 'lost'), -(OLD.reports_disagree <> 0)
    FROM meetings WHERE id = OLD.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT OLD.deal_fiscal_year, -1, -COALESCE(OLD.effective_amount_jpy, 0)
    WHERE OLD.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;

-- An update takes the old row's contribution away and adds the new one's.
CREATE TRIGGER negotiations_kpi_update AFTER UPDATE OF
    meeting_id, effective_status, effective_amount_jpy, effective_closed_on, reports_disagree
ON negotiations BEGIN
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
    SELECT fiscal_year, -1, -(OLD.effective_status = 'won'), -(OLD.effective_status = 'prospect'),
           -(OLD.effective_status = 'lost'), -(OLD.reports_disagree <> 0)
    FROM meetings WHERE id = OLD.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT OLD.deal_fiscal_year, -1, -COALESCE(OLD.effective_amount_jpy, 0)
    WHERE OLD.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
    SELECT fiscal_year, 1, NEW.effective_status = 'won', NEW.effective_status = 'prospect',
           NEW.effective_status = 'lost', NEW.reports_disagree <> 0
    FROM meetings WHERE id = NEW.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT NEW.deal_fiscal_year, 1, COALESCE(NEW.effective_amount_jpy, 0)
    WHERE NEW.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;

-- A held meeting's moment is fixed once its negotiation counts it.
CREATE TRIGGER meetings_took_place_at_fixed BEFORE UPDATE OF took_place_at ON meetings
WHEN OLD.took_place_at IS NOT NULL AND NEW.took_place_at IS NOT OLD.took_place_at
BEGIN
    SELECT RAISE(ABORT, 'a held meeting''s took_place_at cannot change');
END;

-- The records already there.
INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing)
SELECT m.fiscal_year, count(*),
       sum(n.effective_status = 'won'), sum(n.effective_status = 'prospect'),
       sum(n.effective_status = 'lost'), sum(n.reports_disagree <> 0)
FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
WHERE m.fiscal_year IS NOT NULL
GROUP BY m.fiscal_year;
INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
SELECT deal_fiscal_year, count(*), COALESCE(sum(effective_amount_jpy), 0)
FROM negotiations WHERE deal_fiscal_year IS NOT NULL
GROUP BY deal_fiscal_year
ON CONFLICT (fiscal_year) DO UPDATE SET deals = excluded.deals, sales_yen = excluded.sales_yen;
