-- An alert's agency is always copied from its case or read from the agencies table, so the foreign key only
-- costs a lookup per alert written (bench/README.md: a third of the first deadline scan on PostgreSQL).
-- 0006 declared it without a name, so look the name up.
DECLARE @name SYSNAME = (
    SELECT fk.name FROM sys.foreign_keys fk
    JOIN sys.foreign_key_columns c ON c.constraint_object_id = fk.object_id
    JOIN sys.columns col ON col.object_id = c.parent_object_id AND col.column_id = c.parent_column_id
    WHERE fk.parent_object_id = OBJECT_ID('alerts') AND col.name = 'agency_code');
DECLARE @drop NVARCHAR(400) = N'ALTER TABLE alerts DROP CONSTRAINT ' + QUOTENAME(@name);
IF @name IS NOT NULL EXEC (@drop);
