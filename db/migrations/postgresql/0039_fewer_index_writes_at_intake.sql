-- Intake speed with personal data sealed (issue 14 item 6, bench/README.md "Intake with personal data encrypted at rest"):
-- a registration wrote one leaf page of every index on cases (23 WAL frames per registration on SQLite, 19.4 before issue 14).
-- Three of those writes serve no query, and go:
--
-- 1. The search by ID number needs no index of its own. applicant_key is 'idh:' followed by applicant_id_hash whenever the
--    hash is set (CaseRepository.ApplicantKey; sealing, correction and erasure write both together), and
--    ix_cases_applicant_month starts (agency_code, applicant_key), so ListCases finds an ID number through that index. The
--    hash is random, so every registration wrote this index at a random place, splitting and reordering its pages.
DROP INDEX ix_cases_applicant_id_hash;
-- 2. The handler's own cases ("my cases", 工作台) are always looked up by a handler (assigned_user_id = …), which no
--    unassigned case matches; a new case is unassigned, so with the index holding only assigned cases a registration writes
--    nothing to it (the handler's lists read the same entries as before, migration 0013).
DROP INDEX ix_cases_assigned;
CREATE INDEX ix_cases_assigned ON cases (assigned_user_id, status, due_on) WHERE assigned_user_id IS NOT NULL;
-- 3. The year's receipts and extensions (督办, migration 0032) are read from the reports' index of receipts with the extension
--    flag added at its end, instead of from a second index over the same (agency_code, received_on) range.
DROP INDEX ix_cases_report_received;
CREATE INDEX ix_cases_report_received ON cases (agency_code, received_on, channel, applicant_kind, extended);
DROP INDEX ix_cases_agency_received_extended;
