-- A command that changes a case brings that case's alerts in line at once (resolves the ones that no longer hold,
-- raises the new ones): it reads them by case.
CREATE INDEX ix_alerts_case ON alerts (case_id);
