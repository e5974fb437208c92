-- Intake speed (issue 14 item 6, bench/README.md "Intake with personal data encrypted at rest"): the search by ID number needs
-- no index of its own. applicant_key is 'idh:' followed by applicant_id_hash whenever the hash is set (CaseRepository.ApplicantKey;
-- sealing, correction and erasure write both together), and ix_cases_applicant_month starts (agency_code, applicant_key), so
-- ListCases finds an ID number through that index. The hash is random: every registration wrote a leaf page of this index
-- at a random place, splitting and reordering pages, on every engine.
DROP INDEX ix_cases_applicant_id_hash;
