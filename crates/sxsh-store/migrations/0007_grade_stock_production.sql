-- Calculations as CP practice needs them: the coal fines grade of a fuel flow (its own MOIT TOE
-- factor; empty = the default grade 3-4), the stock change of a process step over the period
-- (t, entering its material balance), and the production of a monitored period (so a realised
-- saving is normalised to it).
ALTER TABLE flows ADD COLUMN coal_grade TEXT NOT NULL DEFAULT '';
ALTER TABLE process_steps ADD COLUMN stock_change_t REAL;
ALTER TABLE monitoring_records ADD COLUMN production_after REAL;
