-- The data coverage of the KPI report (issue 21) kept with the other totals, by the same
-- triggers, so that `GET /kpi` reads it from one row instead of probing every held
-- meeting's reports (bench/README.md, "KPI report"). Each negotiation says whether each side
-- has reported (`store::refresh_effective` sets it with every report); the year's totals
-- count the held meetings with the company's report, the buyer's, both, a confirmed
-- outcome, and none. `kpi-recount` counts them again from the reports themselves.
ALTER TABLE negotiations ADD COLUMN company_reported BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE negotiations ADD COLUMN buyer_reported BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_company_report BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_buyer_report BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_both_reports BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_confirmed_outcome BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_no_outcome BIGINT NOT NULL DEFAULT 0;

UPDATE negotiations SET
    company_reported = EXISTS (SELECT 1 FROM negotiation_reports r
                               WHERE r.meeting_id = negotiations.meeting_id AND r.side = 'company'),
    buyer_reported = EXISTS (SELECT 1 FROM negotiation_reports r
                             WHERE r.meeting_id = negotiations.meeting_id AND r.side = 'buyer');

UPDATE kpi_year_totals SET
    with_company_report = (SELECT count(*) FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
                           WHERE m.fiscal_year = kpi_year_totals.fiscal_year AND n.company_reported),
    with_buyer_report = (SELECT count(*) FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
                         WHERE m.fiscal_year = kpi_year_totals.fiscal_year AND n.buyer_reported),
    with_both_reports = (SELECT count(*) FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
                         WHERE m.fiscal_year = kpi_year_totals.fiscal_year
                           AND n.company_reported AND n.buyer_reported),
    with_confirmed_outcome = (SELECT count(*) FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
                              WHERE m.fiscal_year = kpi_year_totals.fiscal_year
                                AND n.confirmed_report_id IS NOT NULL),
    with_no_outcome = (SELECT count(*) FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
                       WHERE m.fiscal_year = kpi_year_totals.fiscal_year
                         AND NOT n.company_reported AND NOT n.buyer_reported
                         AND n.confirmed_report_id IS NULL AND n.status = 'open');

DROP TRIGGER negotiations_kpi_insert;
DROP TRIGGER negotiations_kpi_delete;
DROP TRIGGER negotiations_kpi_update;

CREATE TRIGGER negotiations_kpi_insert AFTER INSERT ON negotiations BEGIN
    SELECT RAISE(ABORT, 'a negotiation needs its meeting held, with took_place_at')
    WHERE (SELECT fiscal_year FROM meetings WHERE id = NEW.meeting_id) IS NULL;
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing,
        with_company_report, with_buyer_report, with_both_reports, with_confirmed_outcome,
        with_no_outcome)
    SELECT fiscal_year, 1, NEW.effective_status = 'won', NEW.effective_status = 'prospect',
           NEW.effective_status = 'lost', NEW.reports_disagree <> 0,
           NEW.company_reported <> 0, NEW.buyer_reported <> 0,
           NEW.company_reported <> 0 AND NEW.buyer_reported <> 0,
           NEW.confirmed_report_id IS NOT NULL,
           NEW.company_reported = 0 AND NEW.buyer_reported = 0
               AND NEW.confirmed_report_id IS NULL AND NEW.status = 'open'
    FROM meetings WHERE id = NEW.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing,
        with_company_report = with_company_report + excluded.with_company_report,
        with_buyer_report = with_buyer_report + excluded.with_buyer_report,
        with_both_reports = with_both_reports + excluded.with_both_reports,
        with_confirmed_outcome = with_confirmed_outcome + excluded.with_confirmed_outcome,
        with_no_outcome = with_no_outcome + excluded.with_no_outcome;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT NEW.deal_fiscal_year, 1, COALESCE(NEW.effective_amount_jpy, 0)
    WHERE NEW.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;

CREATE TRIGGER negotiations_kpi_delete AFTER DELETE ON negotiations BEGIN
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing,
        with_company_report, with_buyer_report, with_both_reports, with_confirmed_outcome,
        with_no_outcome)
    SELECT fiscal_year, -1, -(OLD.effective_status = 'won'), -(OLD.effective_status = 'prospect'),
           -(OLD.effective_status = 'lost'), -(OLD.reports_disagree <> 0),
           -(OLD.company_reported <> 0), -(OLD.buyer_reported <> 0),
           -(OLD.company_reported <> 0 AND OLD.buyer_reported <> 0),
           -(OLD.confirmed_report_id IS NOT NULL),
           -(OLD.company_reported = 0 AND OLD.buyer_reported = 0
               AND OLD.confirmed_report_id IS NULL AND OLD.status = 'open')
    FROM meetings WHERE id = OLD.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing,
        with_company_report = with_company_report + excluded.with_company_report,
        with_buyer_report = with_buyer_report + excluded.with_buyer_report,
        with_both_reports = with_both_reports + excluded.with_both_reports,
        with_confirmed_outcome = with_confirmed_outcome + excluded.with_confirmed_outcome,
        with_no_outcome = with_no_outcome + excluded.with_no_outcome;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT OLD.deal_fiscal_year, -1, -COALESCE(OLD.effective_amount_jpy, 0)
    WHERE OLD.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;

-- An update takes the old row's contribution away and adds the new one's (000009: a
-- negotiation moved to a meeting that was not held is refused).
CREATE TRIGGER negotiations_kpi_update AFTER UPDATE OF
    meeting_id, status, effective_status, effective_amount_jpy, effective_closed_on,
    reports_disagree, confirmed_report_id, company_reported, buyer_reported
ON negotiations BEGIN
    SELECT RAISE(ABORT, 'a negotiation needs its meeting held, with took_place_at')
    WHERE (SELECT fiscal_year FROM meetings WHERE id = NEW.meeting_id) IS NULL;
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing,
        with_company_report, with_buyer_report, with_both_reports, with_confirmed_outcome,
        with_no_outcome)
    SELECT fiscal_year, -1, -(OLD.effective_status = 'won'), -(OLD.effective_status = 'prospect'),
           -(OLD.effective_status = 'lost'), -(OLD.reports_disagree <> 0),
           -(OLD.company_reported <> 0), -(OLD.buyer_reported <> 0),
           -(OLD.company_reported <> 0 AND OLD.buyer_reported <> 0),
           -(OLD.confirmed_report_id IS NOT NULL),
           -(OLD.company_reported = 0 AND OLD.buyer_reported = 0
               AND OLD.confirmed_report_id IS NULL AND OLD.status = 'open')
    FROM meetings WHERE id = OLD.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing,
        with_company_report = with_company_report + excluded.with_company_report,
        with_buyer_report = with_buyer_report + excluded.with_buyer_report,
        with_both_reports = with_both_reports + excluded.with_both_reports,
        with_confirmed_outcome = with_confirmed_outcome + excluded.with_confirmed_outcome,
        with_no_outcome = with_no_outcome + excluded.with_no_outcome;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT OLD.deal_fiscal_year, -1, -COALESCE(OLD.effective_amount_jpy, 0)
    WHERE OLD.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
    INSERT INTO kpi_year_totals (fiscal_year, held, won, prospect, lost, disagreeing,
        with_company_report, with_buyer_report, with_both_reports, with_confirmed_outcome,
        with_no_outcome)
    SELECT fiscal_year, 1, NEW.effective_status = 'won', NEW.effective_status = 'prospect',
           NEW.effective_status = 'lost', NEW.reports_disagree <> 0,
           NEW.company_reported <> 0, NEW.buyer_reported <> 0,
           NEW.company_reported <> 0 AND NEW.buyer_reported <> 0,
           NEW.confirmed_report_id IS NOT NULL,
           NEW.company_reported = 0 AND NEW.buyer_reported = 0
               AND NEW.confirmed_report_id IS NULL AND NEW.status = 'open'
    FROM meetings WHERE id = NEW.meeting_id
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = held + excluded.held, won = won + excluded.won,
        prospect = prospect + excluded.prospect, lost = lost + excluded.lost,
        disagreeing = disagreeing + excluded.disagreeing,
        with_company_report = with_company_report + excluded.with_company_report,
        with_buyer_report = with_buyer_report + excluded.with_buyer_report,
        with_both_reports = with_both_reports + excluded.with_both_reports,
        with_confirmed_outcome = with_confirmed_outcome + excluded.with_confirmed_outcome,
        with_no_outcome = with_no_outcome + excluded.with_no_outcome;
    INSERT INTO kpi_year_totals (fiscal_year, deals, sales_yen)
    SELECT NEW.deal_fiscal_year, 1, COALESCE(NEW.effective_amount_jpy, 0)
    WHERE NEW.deal_fiscal_year IS NOT NULL
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = deals + excluded.deals, sales_yen = sales_yen + excluded.sales_yen;
END;
