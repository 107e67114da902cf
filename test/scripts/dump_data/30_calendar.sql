-- calendar: user overrides, edited and added configuration rows (dumped),
-- seeded rows left alone (not dumped, re-seeded by CREATE EXTENSION), and a
-- user table whose rows depend on the calendar.
INSERT INTO omledger.calendar_override VALUES
  ('2026-12-28', true, 'city ordinance: extra closed day'),
  ('2026-11-28', false, 'Saturday work day for the system migration');
UPDATE omledger.response_allowance SET out_of_hours = '45 minutes' WHERE party = 'vendor';
INSERT INTO omledger.response_allowance (party, out_of_hours) VALUES ('network', '2 hours');
UPDATE omledger.online_hours SET closes = '19:00' WHERE weekday = 5;
INSERT INTO omledger.online_hours (day, closes) VALUES ('2026-12-25', '12:00');
CREATE TABLE public.calendar_incidents (
  id int PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  party text NOT NULL DEFAULT 'operator'
);
INSERT INTO public.calendar_incidents VALUES
  (1, '2026-11-27 18:30+09', 'vendor'),
  (2, '2026-11-28 10:00+09', 'operator'),
  (3, '2026-12-25 13:00+09', 'network');
