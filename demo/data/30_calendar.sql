-- calendar: demo configuration.  Fictitious examples of what a city sets:
-- a work Saturday for a system migration, and a later online closing on
-- the last open day before the year-end closure.
INSERT INTO omledger.calendar_override VALUES
  ('2026-02-07', false, 'demo: Saturday work day for the resident record system migration');
INSERT INTO omledger.online_hours (day, closes) VALUES ('2026-12-28', '19:00');
