-- Corrections with an audit trail (issue 16). A step voided by "void the last step" stays in case_history, marked with
-- the seq of the StepVoided entry that voided it (voided_by_seq), and no longer counts for the clock, the alerts or the
-- lists. An event rewritten by a correction (the registration, a receipt confirmation, an amended decision) keeps its
-- first recorded payload in original_payload and the seq of the latest correction in corrected_by_seq; the correction's
-- own entry holds the reason, who, and every field before -> after.
ALTER TABLE case_history ADD COLUMN voided_by_seq INTEGER NULL;
ALTER TABLE case_history ADD COLUMN corrected_by_seq INTEGER NULL;
ALTER TABLE case_history ADD COLUMN original_payload TEXT NULL;
