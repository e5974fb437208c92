-- Fees received, kept on the case so the annual report sums them in SQL (legacy row 七, in 万元).
ALTER TABLE cases ADD fee_paid_on DATE NULL, fee_paid_yuan DECIMAL(14,2) NULL;

CREATE INDEX ix_cases_agency_fee_paid ON cases (agency_code, fee_paid_on);
