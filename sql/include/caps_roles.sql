-- Three group roles: grant one to each person's login role (person.db_role).
CREATE ROLE omledger_reader NOLOGIN;
CREATE ROLE omledger_contractor NOLOGIN IN ROLE omledger_reader;
CREATE ROLE omledger_city NOLOGIN IN ROLE omledger_reader;

-- Everyone reads the caps, the totals, the log, the closes, the approvals
-- and the roster (cap_status() and cap_forecast() read the first four;
-- recording an approval or an extension reads the roster).
GRANT USAGE ON SCHEMA omledger TO omledger_reader;
GRANT SELECT ON omledger.contract, omledger.effort_cap, omledger.cap_extension,
                omledger.effort_summary, omledger.effort_log, omledger.effort_entry,
                omledger.month_close, omledger.approval, omledger.person
  TO omledger_reader;

-- A contractor logs effort, corrects and deletes it; entered_by and
-- entered_at are the defaults (the acting role, now), never its own.
GRANT INSERT (item_id, person_id, work_date, effort, note, corrects),
      UPDATE (item_id, person_id, work_date, effort, note, corrects),
      DELETE ON omledger.effort_log TO omledger_contractor;

-- The city records its approvals and the additional contracts, changes
-- caps, closes months and reopens them.
GRANT INSERT ON omledger.approval TO omledger_city;
GRANT INSERT, UPDATE, DELETE ON omledger.cap_extension TO omledger_city;
GRANT INSERT, UPDATE ON omledger.effort_cap TO omledger_city;
GRANT EXECUTE ON FUNCTION omledger.close_month(bigint, omledger.fiscal_period, text),
                          omledger.reopen_month(bigint, omledger.fiscal_period, bigint)
  TO omledger_city;
