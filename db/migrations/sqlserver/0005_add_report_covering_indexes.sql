-- The annual report counts by ranges of received_on and closed_on per agency; these indexes cover every
-- column those queries read, so they are answered from the index alone. They replace the narrower two.
DROP INDEX ix_cases_agency_received ON cases;
DROP INDEX ix_cases_agency_closed ON cases;
CREATE INDEX ix_cases_report_received ON cases (agency_code, received_on, channel, applicant_kind);
CREATE INDEX ix_cases_report_closed ON cases (agency_code, closed_on, received_on, applicant_kind, outcome, regime, extended, closed_late);
