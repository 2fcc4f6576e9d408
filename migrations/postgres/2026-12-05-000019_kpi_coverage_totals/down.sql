-- Back to 000009's functions, then the columns go.
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

CREATE OR REPLACE FUNCTION negotiations_kpi_updated() RETURNS trigger
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

ALTER TABLE kpi_year_totals DROP COLUMN with_company_report;
ALTER TABLE kpi_year_totals DROP COLUMN with_buyer_report;
ALTER TABLE kpi_year_totals DROP COLUMN with_both_reports;
ALTER TABLE kpi_year_totals DROP COLUMN with_confirmed_outcome;
ALTER TABLE kpi_year_totals DROP COLUMN with_no_outcome;
ALTER TABLE negotiations DROP COLUMN company_reported;
ALTER TABLE negotiations DROP COLUMN buyer_reported;
