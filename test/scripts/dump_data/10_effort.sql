-- effort: a user table with an effort column (dumped as ordinary data),
-- with values across the whole range and both input styles.
CREATE TABLE public.om_fixture_effort (
  id int PRIMARY KEY,
  planned omledger.effort NOT NULL,
  actual omledger.effort
);
CREATE INDEX ON public.om_fixture_effort (planned);
INSERT INTO public.om_fixture_effort VALUES
  (1, '2pm 3pd 4h 30min', '2人月3人日4時間30分'),
  (2, '1.5pm', NULL),
  (3, '-2h', '-90min'),
  (4, '0', '0'),
  (5, '9223372036854775807min', '-9223372036854775808min'),
  (6, '１．５人月', '1.25 人日');
