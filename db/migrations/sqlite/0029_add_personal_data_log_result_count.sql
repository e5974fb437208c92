-- A search of the register by a full ID number (GET /api/cases?idNumber=|idHash=, POST /api/cases/search, a keyword shaped
-- like a whole ID number) is written to the personal-data access log (action SearchedByIdNumber): who, when, for which agency,
-- and how many cases it found, never the number. Such a row names no case (case_id and case_number are empty); the count
-- is this column, NULL for the other actions.
ALTER TABLE personal_data_log ADD COLUMN result_count INTEGER NULL;
