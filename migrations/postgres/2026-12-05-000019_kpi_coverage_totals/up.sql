-- The data coverage of the KPI report (issue 21) kept with the other totals, by the same
-- statement triggers (000009), so that `GET /kpi` reads it from one row instead of probing every held
-- meeting's reports (bench/README.md, "KPI report"). Each negotiation says whether each side
-- has reported (`store::refresh_effective` sets it with every report); the year's totals
-- count the held meetings with the company's report, the buyer's, both, a confirmed
-- outcome, and none. `kpi-recount` counts them again from the reports themselves.
ALTER TABLE negotiations ADD COLUMN company_reported BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE negotiations ADD COLUMN buyer_reported BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE kpi_year_totals ADD COLUMN with_company_report BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_buyer_report BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_both_reports BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_confirmed_outcome BIGINT NOT NULL DEFAULT 0;
ALTER TABLE kpi_year_totals ADD COLUMN with_no_outcome BIGINT NOT NULL DEFAULT 0;

-- The backfill runs before the trigger counts the new columns (the update trigger does not
-- fire on them yet), so the totals are then set once from the records.
UPDATE negotiations n SET
    company_reported = EXISTS (SELECT 1 FROM negotiation_reports r
                               WHERE r.meeting_id = n.meeting_id AND r.side = 'company'),
    buyer_reported = EXISTS (SELECT 1 FROM negotiation_reports r
                             WHERE r.meeting_id = n.meeting_id AND r.side = 'buyer');

UPDATE kpi_year_totals t SET
    with_company_report = c.company, with_buyer_report = c.buyer, with_both_reports = c.both,
    with_confirmed_outcome = c.confirmed, with_no_outcome = c.none
FROM (
    SELECT m.fiscal_year,
           count(*) FILTER (WHERE n.company_reported) AS company,
           count(*) FILTER (WHERE n.buyer_reported) AS buyer,
           count(*) FILTER (WHERE n.company_reported AND n.buyer_reported) AS both,
           count(*) FILTER (WHERE n.confirmed_report_id IS NOT NULL) AS confirmed,
           count(*) FILTER (WHERE NOT n.company_reported AND NOT n.buyer_reported
                              AND n.confirmed_report_id IS NULL AND n.status = 'open') AS none
    FROM negotiations n JOIN meetings m ON m.id = n.meeting_id
    WHERE m.fiscal_year IS NOT NULL
    GROUP BY m.fiscal_year
) c
WHERE t.fiscal_year = c.fiscal_year;

CREATE OR REPLACE FUNCTION kpi_year_totals_add(changed negotiations[], sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(changed) = 0 THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(changed) n LEFT JOIN meetings m ON m.id = n.meeting_id
               WHERE m.fiscal_year IS NULL) THEN
        RAISE EXCEPTION 'a negotiation needs its meeting held, with took_place_at';
    END IF;
    INSERT INTO kpi_year_totals AS t (fiscal_year, held, won, prospect, lost, disagreeing,
        with_company_report, with_buyer_report, with_both_reports, with_confirmed_outcome,
        with_no_outcome)
    SELECT m.fiscal_year, sign * count(*),
           sign * count(*) FILTER (WHERE n.effective_status = 'won'),
           sign * count(*) FILTER (WHERE n.effective_status = 'prospect'),
           sign * count(*) FILTER (WHERE n.effective_status = 'lost'),
           sign * count(*) FILTER (WHERE n.reports_disagree),
           sign * count(*) FILTER (WHERE n.company_reported),
           sign * count(*) FILTER (WHERE n.buyer_reported),
           sign * count(*) FILTER (WHERE n.company_reported AND n.buyer_reported),
           sign * count(*) FILTER (WHERE n.confirmed_report_id IS NOT NULL),
           sign * count(*) FILTER (WHERE NOT n.company_reported AND NOT n.buyer_reported
                                     AND n.confirmed_report_id IS NULL AND n.status = 'open')
    FROM unnest(changed) n JOIN meetings m ON m.id = n.meeting_id
    GROUP BY m.fiscal_year
    ON CONFLICT (fiscal_year) DO UPDATE SET
        held = t.held + excluded.held, won = t.won + excluded.won,
        prospect = t.prospect + excluded.prospect, lost = t.lost + excluded.lost,
        disagreeing = t.disagreeing + excluded.disagreeing,
        with_company_report = t.with_company_report + excluded.with_company_report,
        with_buyer_report = t.with_buyer_report + excluded.with_buyer_report,
        with_both_reports = t.with_both_reports + excluded.with_both_reports,
        with_confirmed_outcome = t.with_confirmed_outcome + excluded.with_confirmed_outcome,
        with_no_outcome = t.with_no_outcome + excluded.with_no_outcome;
    INSERT INTO kpi_year_totals AS t (fiscal_year, deals, sales_yen)
    SELECT n.deal_fiscal_year, sign * count(*), sign * COALESCE(sum(n.effective_amount_jpy), 0)
    FROM unnest(changed) n
    WHERE n.deal_fiscal_year IS NOT NULL
    GROUP BY n.deal_fiscal_year
    ON CONFLICT (fiscal_year) DO UPDATE SET
        deals = t.deals + excluded.deals, sales_yen = t.sales_yen + excluded.sales_yen;
END $$;

-- The rows whose counted columns changed, now with the coverage's columns among them.
CREATE OR REPLACE FUNCTION negotiations_kpi_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kpi_year_totals_add(ARRAY(
        SELECT o::negotiations FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.meeting_id, o.status, o.effective_status, o.effective_amount_jpy, o.effective_closed_on,
               o.reports_disagree, o.confirmed_report_id, o.company_reported, o.buyer_reported)
          IS DISTINCT FROM (n.meeting_id, n.status, n.effective_status, n.effective_amount_jpy, n.effective_closed_on,
               n.reports_disagree, n.confirmed_report_id, n.company_reported, n.buyer_reported)), -1);
    PERFORM kpi_year_totals_add(ARRAY(
        SELECT n::negotiations FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.meeting_id, o.status, o.effective_status, o.effective_amount_jpy, o.effective_closed_on,
               o.reports_disagree, o.confirmed_report_id, o.company_reported, o.buyer_reported)
          IS DISTINCT FROM (n.meeting_id, n.status, n.effective_status, n.effective_amount_jpy, n.effective_closed_on,
               n.reports_disagree, n.confirmed_report_id, n.company_reported, n.buyer_reported)), 1);
    RETURN NULL;
END $$;
