-- calendar: configuration and overrides come back once, and the answers
-- that depend on them are the same.
SET TimeZone = 'Asia/Tokyo';
SELECT * FROM omledger.calendar_override ORDER BY day;
SELECT * FROM omledger.response_allowance ORDER BY party;
SELECT * FROM omledger.online_hours ORDER BY weekday, day;
SELECT id, omledger.response_due(occurred_at, true, party), omledger.is_open_hours(occurred_at)
  FROM public.calendar_incidents ORDER BY id;
SELECT omledger.next_open_day('2026-12-26'), omledger.is_open_day('2026-11-28');
RESET TimeZone;
