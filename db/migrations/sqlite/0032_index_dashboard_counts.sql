-- 督办 over a large tree (issue 18 item 7, bench/README.md "督办 and trends"): every figure of GET /api/dashboard is a
-- count over an index range instead of a pass over every open case.
-- The open cases' due dates with their handler: overdue, due today and due within 3 working days are ranges of due_on
-- within (agency, status), and the overdue cases per handler are read from the index alone. It replaces the
-- three-column index of the same leading columns (every query that used that one can use this one).
DROP INDEX ix_cases_agency_status_due;
CREATE INDEX ix_cases_agency_status_due_handler ON cases (agency_code, status, due_on, assigned_user_id);
-- The workload per handler: the open cases counted per (agency, status, handler) in index order, the handler's name
-- included so the table is not read.
CREATE INDEX ix_cases_handler_load ON cases (agency_code, status, assigned_user_id, assigned_user_name);
-- The year's receipts and extensions (received this year and extended): a range of received_on within the agency, read from
-- the index alone. received_on stays second so each agency's first and last receipt (the years of the trends) are the ends of
-- its range (with extended before received_on, SQLite took this index for MIN/MAX and read every entry of the agency).
CREATE INDEX ix_cases_agency_received_extended ON cases (agency_code, received_on, extended);
