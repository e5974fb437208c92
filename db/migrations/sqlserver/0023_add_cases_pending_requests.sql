-- The approvers' queues (审批: GET /api/cases/extension-requests and /deferral-requests) as one indexed read. Each case keeps
-- the case_history seq of its extension request and of its deferral request (延迟答复, Art. 35) that wait for an approver
-- (NULL: none waits); CaseRepository sets it when it stores an ExtensionRequested / DeferralRequested event and clears it
-- when it stores the matching Approved / Refused event. Two columns, not one: a case may wait for both at once.
ALTER TABLE cases ADD pending_extension_seq INT NULL, pending_deferral_seq INT NULL;
GO

-- From the history already stored: the last request not followed by an approval or a refusal of its kind (only the cases
-- that ever had such a request are visited: one pass over the history, not a probe per case).
UPDATE cases SET pending_extension_seq = (
    SELECT MAX(h.seq) FROM case_history h
    WHERE h.case_id = cases.id AND h.kind = 'ExtensionRequested'
      AND NOT EXISTS (SELECT 1 FROM case_history d WHERE d.case_id = h.case_id AND d.seq > h.seq
                      AND d.kind IN ('ExtensionApproved', 'ExtensionRefused')))
WHERE id IN (SELECT case_id FROM case_history WHERE kind = 'ExtensionRequested');

UPDATE cases SET pending_deferral_seq = (
    SELECT MAX(h.seq) FROM case_history h
    WHERE h.case_id = cases.id AND h.kind = 'DeferralRequested'
      AND NOT EXISTS (SELECT 1 FROM case_history d WHERE d.case_id = h.case_id AND d.seq > h.seq
                      AND d.kind IN ('DeferralApproved', 'DeferralRefused')))
WHERE id IN (SELECT case_id FROM case_history WHERE kind = 'DeferralRequested');

-- Only the few cases with a waiting request are in these indexes.
CREATE INDEX ix_cases_pending_extension ON cases (agency_code) WHERE pending_extension_seq IS NOT NULL;
CREATE INDEX ix_cases_pending_deferral ON cases (agency_code) WHERE pending_deferral_seq IS NOT NULL;
