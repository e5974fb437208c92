-- Agency codes compare case-sensitively on SQL Server as on the other engines (SQLite's = is binary; PostgreSQL's text =
-- is case-sensitive under its deterministic collation): the database's default collation (e.g. SQL_Latin1_General_CP1_CI_AS)
-- made 'cx' equal 'CX', so that an agency 'cx' collided with 'CX', a lookup found the other agency's row, and a case
-- number ('cx-2026-00001' against 'CX-2026-00001') was refused as taken. Every agency code column (agencies.code,
-- parent_code, every agency_code) and case_number, which begins with one, take the binary collation
-- Latin1_General_100_BIN2. The indexes, keys and foreign keys on them are dropped and created again as they were (read
-- from the catalog, since most keys carry system-generated names), around the column changes.
DECLARE @columns TABLE (object_id INT NOT NULL, column_id INT NOT NULL, alter_sql NVARCHAR(MAX) NOT NULL);
INSERT INTO @columns (object_id, column_id, alter_sql)
SELECT c.object_id, c.column_id,
       N'ALTER TABLE ' + QUOTENAME(t.name) + N' ALTER COLUMN ' + QUOTENAME(c.name) + N' ' + ty.name + N'('
       + CAST(CASE WHEN ty.name IN (N'nvarchar', N'nchar') THEN c.max_length / 2 ELSE c.max_length END AS NVARCHAR(10))
       + N') COLLATE Latin1_General_100_BIN2 ' + CASE WHEN c.is_nullable = 1 THEN N'NULL' ELSE N'NOT NULL' END
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
WHERE SCHEMA_NAME(t.schema_id) = N'dbo'
  AND (c.name IN (N'agency_code', N'parent_code', N'case_number') OR (t.name = N'agencies' AND c.name = N'code'))
  AND c.collation_name IS NOT NULL AND c.collation_name NOT LIKE N'%BIN2';

-- Foreign keys with a changed column on either side.
DECLARE @fks TABLE (drop_sql NVARCHAR(MAX) NOT NULL, create_sql NVARCHAR(MAX) NOT NULL);
INSERT INTO @fks (drop_sql, create_sql)
SELECT N'ALTER TABLE ' + QUOTENAME(OBJECT_NAME(fk.parent_object_id)) + N' DROP CONSTRAINT ' + QUOTENAME(fk.name),
       N'ALTER TABLE ' + QUOTENAME(OBJECT_NAME(fk.parent_object_id)) + N' ADD CONSTRAINT ' + QUOTENAME(fk.name) + N' FOREIGN KEY ('
       + (SELECT STRING_AGG(CAST(QUOTENAME(pc.name) AS NVARCHAR(MAX)), N', ') WITHIN GROUP (ORDER BY k.constraint_column_id)
          FROM sys.foreign_key_columns AS k JOIN sys.columns AS pc ON pc.object_id = k.parent_object_id AND pc.column_id = k.parent_column_id
          WHERE k.constraint_object_id = fk.object_id)
       + N') REFERENCES ' + QUOTENAME(OBJECT_NAME(fk.referenced_object_id)) + N' ('
       + (SELECT STRING_AGG(CAST(QUOTENAME(rc.name) AS NVARCHAR(MAX)), N', ') WITHIN GROUP (ORDER BY k.constraint_column_id)
          FROM sys.foreign_key_columns AS k JOIN sys.columns AS rc ON rc.object_id = k.referenced_object_id AND rc.column_id = k.referenced_column_id
          WHERE k.constraint_object_id = fk.object_id)
       + N')'
FROM sys.foreign_keys AS fk
WHERE EXISTS (SELECT 1 FROM sys.foreign_key_columns AS k JOIN @columns AS c
                ON (c.object_id = k.parent_object_id AND c.column_id = k.parent_column_id)
                OR (c.object_id = k.referenced_object_id AND c.column_id = k.referenced_column_id)
              WHERE k.constraint_object_id = fk.object_id);

-- Primary keys, unique constraints and indexes with a changed column (key or included).
DECLARE @indexes TABLE (is_primary_key BIT NOT NULL, drop_sql NVARCHAR(MAX) NOT NULL, create_sql NVARCHAR(MAX) NOT NULL);
INSERT INTO @indexes (is_primary_key, drop_sql, create_sql)
SELECT i.is_primary_key,
       CASE WHEN i.is_primary_key = 1 OR i.is_unique_constraint = 1
            THEN N'ALTER TABLE ' + QUOTENAME(t.name) + N' DROP CONSTRAINT ' + QUOTENAME(i.name)
            ELSE N'DROP INDEX ' + QUOTENAME(i.name) + N' ON ' + QUOTENAME(t.name) END,
       CASE WHEN i.is_primary_key = 1 OR i.is_unique_constraint = 1
            THEN N'ALTER TABLE ' + QUOTENAME(t.name) + N' ADD CONSTRAINT ' + QUOTENAME(i.name)
                 + CASE WHEN i.is_primary_key = 1 THEN N' PRIMARY KEY ' ELSE N' UNIQUE ' END
                 + CASE WHEN i.type = 1 THEN N'CLUSTERED' ELSE N'NONCLUSTERED' END + N' (' + keys.list + N')'
            ELSE N'CREATE ' + CASE WHEN i.is_unique = 1 THEN N'UNIQUE ' ELSE N'' END
                 + CASE WHEN i.type = 1 THEN N'CLUSTERED' ELSE N'NONCLUSTERED' END + N' INDEX ' + QUOTENAME(i.name) + N' ON ' + QUOTENAME(t.name)
                 + N' (' + keys.list + N')' + COALESCE(N' INCLUDE (' + included.list + N')', N'')
                 + CASE WHEN i.has_filter = 1 THEN N' WHERE ' + i.filter_definition ELSE N'' END END
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
CROSS APPLY (SELECT STRING_AGG(CAST(QUOTENAME(c.name) + CASE WHEN ic.is_descending_key = 1 THEN N' DESC' ELSE N'' END AS NVARCHAR(MAX)), N', ')
                    WITHIN GROUP (ORDER BY ic.key_ordinal) AS list
             FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
             WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0) AS keys
CROSS APPLY (SELECT STRING_AGG(CAST(QUOTENAME(c.name) AS NVARCHAR(MAX)), N', ') WITHIN GROUP (ORDER BY ic.index_column_id) AS list
             FROM sys.index_columns AS ic JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
             WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 1) AS included
WHERE i.type IN (1, 2)
  AND EXISTS (SELECT 1 FROM sys.index_columns AS ic JOIN @columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
              WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id);

-- Statistics SQL Server created by itself on a changed column (they would block the change); they are made again on use.
DECLARE @stats TABLE (drop_sql NVARCHAR(MAX) NOT NULL);
INSERT INTO @stats (drop_sql)
SELECT DISTINCT N'DROP STATISTICS ' + QUOTENAME(OBJECT_NAME(s.object_id)) + N'.' + QUOTENAME(s.name)
FROM sys.stats AS s
JOIN sys.stats_columns AS sc ON sc.object_id = s.object_id AND sc.stats_id = s.stats_id
JOIN @columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id
WHERE s.auto_created = 1 OR s.user_created = 1;

DECLARE @sql NVARCHAR(MAX);
SELECT @sql = STRING_AGG(drop_sql, N'; ') FROM @fks;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
SELECT @sql = STRING_AGG(drop_sql, N'; ') WITHIN GROUP (ORDER BY is_primary_key) FROM @indexes;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
SELECT @sql = STRING_AGG(drop_sql, N'; ') FROM @stats;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
SELECT @sql = STRING_AGG(alter_sql, N'; ') FROM @columns;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
SELECT @sql = STRING_AGG(create_sql, N'; ') WITHIN GROUP (ORDER BY is_primary_key DESC) FROM @indexes;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
SELECT @sql = STRING_AGG(create_sql, N'; ') FROM @fks;
IF @sql IS NOT NULL EXEC sp_executesql @sql;
