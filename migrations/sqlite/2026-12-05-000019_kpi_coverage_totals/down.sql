DROP TRIGGER negotiations_kpi_insert;
DROP TRIGGER negotiations_kpi_delete;
DROP TRIGGER negotiations_kpi_update;
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
CREATE TRIGGER negotiations_kpi_update AFTER UPDATE OF
    meeting_id, effective_status, effective_amount_jpy, effective_closed_on, reports_disagree
ON negotiations BEGIN
    SELECT RAISE(ABORT, 'a negotiation needs its meeting held, with took_place_at')
    WHERE (SELECT fiscal_year FROM meetings WHERE id = NEW.meeting_id) IS NULL;
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
ALTER TABLE kpi_year_totals DROP COLUMN with_company_report;
ALTER TABLE kpi_year_totals DROP COLUMN with_buyer_report;
ALTER TABLE kpi_year_totals DROP COLUMN with_both_reports;
ALTER TABLE kpi_year_totals DROP COLUMN with_confirmed_outcome;
ALTER TABLE kpi_year_totals DROP COLUMN with_no_outcome;
ALTER TABLE negotiations DROP COLUMN company_reported;
ALTER TABLE negotiations DROP COLUMN buyer_reported;
