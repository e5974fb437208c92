-- An alert's agency is always copied from its case or read from the agencies table, so the foreign key only
-- costs: its trigger ran once per alert and was a third of the first deadline scan over a large register
-- (1.3 s of 4.2 s for 145,327 alerts in one statement, bench/README.md).
ALTER TABLE alerts DROP CONSTRAINT alerts_agency_code_fkey;
