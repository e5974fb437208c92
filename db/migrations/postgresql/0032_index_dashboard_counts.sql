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
-- The year's extensions (received this year and extended): a range of received_on within (agency, extended).
CREATE INDEX ix_cases_agency_extended_received ON cases (agency_code, extended, received_on);
