-- Fees received, kept on the case so the annual report sums them in SQL (legacy row 七, in 万元).
ALTER TABLE cases ADD COLUMN fee_paid_on DATE NULL;
ALTER TABLE cases ADD COLUMN fee_paid_yuan NUMERIC(14,2) NULL;

CREATE INDEX ix_cases_agency_fee_paid ON cases (agency_code, fee_paid_on);
