-- 0007: the orders of `list --sort` (issue 15).
--
-- `list` reads claims in the order it shows them, so that `--limit N` reads N rows of an index
-- rather than sorting the whole table. `activity`, `status` and `grade` already have theirs
-- (claims_by_activity, claims_by_status, claims_by_credibility); these two serve `created` and
-- `happened` (a claim without a date has happened NULL, which comes last in a descending order),
-- both for live claims only, as the others.
CREATE INDEX claims_by_created ON claims (created_at DESC, id DESC)
    WHERE removed_at IS NULL;
CREATE INDEX claims_by_happened ON claims (happened DESC, last_activity DESC, id DESC)
    WHERE removed_at IS NULL;
