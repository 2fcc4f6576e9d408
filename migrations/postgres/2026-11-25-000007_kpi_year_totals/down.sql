DROP TRIGGER meetings_took_place_at_fixed ON meetings;
DROP FUNCTION meetings_took_place_at_fixed();
DROP TRIGGER negotiations_kpi_update ON negotiations;
DROP TRIGGER negotiations_kpi_insert_delete ON negotiations;
DROP FUNCTION negotiations_kpi_totals();
DROP FUNCTION kpi_year_totals_add(negotiations, BIGINT);
ALTER TABLE negotiations DROP COLUMN deal_fiscal_year;
ALTER TABLE meetings DROP COLUMN fiscal_year;
DROP TABLE kpi_year_totals;
