-- 0009: sources merged into another (issue 12, `claims source merge`).
--
-- A merged source is kept (its events refer to it, and its number still answers), marked with
-- the uuid of the source it was merged into; it leaves `sources` and answers to no name (its
-- names became the other's aliases). NULL for every other source. The uuid, not the number,
-- so that a row read from an export says it as the export does.
ALTER TABLE sources ADD COLUMN merged_into TEXT;
