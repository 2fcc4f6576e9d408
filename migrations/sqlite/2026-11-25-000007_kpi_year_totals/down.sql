DROP TRIGGER meetings_took_place_at_fixed;
DROP TRIGGER negotiations_kpi_update;
DROP TRIGGER negotiations_kpi_delete;
DROP TRIGGER negotiations_kpi_insert;
ALTER TABLE negotiations DROP COLUMN deal_fiscal_year;
ALTER TABLE meetings DROP COLUMN fiscal_year;
DROP TABLE kpi_year_totals;
