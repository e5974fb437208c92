-- The desk (issue 13): a handler's 工作台 lists their open cases (assigned_user_id = me, not closed, nearest due date
-- first) and their alerts (alerts joined to the cases assigned to them). Without this index both read every case of
-- the agency (about 5,000 on a 1,000,000-case register of 201 agencies) and, for the alerts, look up the case of each of
-- the agency's open alerts; with it they read the handler's own cases. Status is in the key so the closed cases a
-- handler keeps over the years are skipped in the index; due_on orders them. bench/README.md, "The desk".
CREATE INDEX ix_cases_assigned ON cases (assigned_user_id, status, due_on);
