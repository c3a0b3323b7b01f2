-- 0004: the same CHECK constraints, written so that SQLite need not build a table to check them.
--
-- SQLite codes `x IN ('a', 'b', 'c')` (more than two constants) as an ephemeral index, built and
-- freed by every INSERT or UPDATE that checks it: a fifth of a large import's time went to the
-- two on `statements`. `x = 'a' OR x = 'b' OR …` is the same constraint, checked without one.
--
-- Only the text of three table definitions changes; no row is read or rewritten. This is SQLite's
-- documented way to make a change that does not touch what is stored
-- (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
-- edit sqlite_schema with writable_schema on, then raise schema_version, which the migration's
-- Rust step does (`schema::bump_schema_version`), checking that no IN list is left.
PRAGMA writable_schema = ON;

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (reliability IN (''A'', ''B'', ''C'', ''D'', ''E'', ''F''))',
                          'CHECK (reliability = ''A'' OR reliability = ''B'' OR reliability = ''C'' OR reliability = ''D'' OR reliability = ''E'' OR reliability = ''F'')')
 WHERE type = 'table' AND name IN ('sources', 'statements');

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status IN (''unverified'', ''confirmed'', ''denied'', ''contested''))',
                          'CHECK (status = ''unverified'' OR status = ''confirmed'' OR status = ''denied'' OR status = ''contested'')')
 WHERE type = 'table' AND name = 'claims';

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (stance IN (''asserts'', ''confirms'', ''denies'', ''ncnd'', ''declines''))',
                          'CHECK (stance = ''asserts'' OR stance = ''confirms'' OR stance = ''denies'' OR stance = ''ncnd'' OR stance = ''declines'')')
 WHERE type = 'table' AND name = 'statements';
