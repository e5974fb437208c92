-- Why an agency was renamed, moved or (de)activated (issue 16 trial): PUT /api/agencies/{code} takes a reason, kept with
-- the change in the agency's history. Changes recorded before this migration have none (NULL).
ALTER TABLE agency_changes ADD reason NVARCHAR(1000) NULL;
