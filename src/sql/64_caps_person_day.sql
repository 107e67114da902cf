
-- ====================================================================
-- caps: the person-day index covers the effort (new in 0.4)
-- The 24-hour rule (OM135, src/caps_rules.c) needs, for every new row,
-- the effort of its person on its work date over all items.  The trigger
-- first sums the effort stored in the index entries of that person and day
-- -- every entry, of live rows and of rows dead or still being written,
-- corrections counted as zero -- without visiting the table: an upper
-- bound of any day the transactions in flight can leave.  Only when that
-- bound is above 24h (or above omledger.daily_effort_notice) does it read
-- the rows themselves.  So the index carries effort as an included column;
-- a 0.3 index without it still works, the rows are then always read.
-- Rebuilt on update: the index is not shared by anything else.
-- See doc/effort-caps.md, "The 24-hour rule".
-- ====================================================================

DROP INDEX @extschema@.effort_log_person_date;
CREATE INDEX effort_log_person_date ON @extschema@.effort_log (person_id, work_date)
  INCLUDE (effort);
COMMENT ON INDEX @extschema@.effort_log_person_date IS
  'a person''s entries of one day, with their effort: the 24-hour rule''s upper bound reads the index alone';
