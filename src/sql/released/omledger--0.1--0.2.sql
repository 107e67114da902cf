/* omledger 0.1 -> 0.2: assembled by the Makefile from the concept files new in @TO@. */
\echo Use "ALTER EXTENSION omledger UPDATE TO '0.2'" to load this file. \quit
-- fiscal_period: a Japanese fiscal year (年度), half, quarter or month.
-- A pass-by-value int4 whose integer order is the sort order (see
-- doc/fiscal_period.md, "On-disk format"), so comparison, hashing, sorting
-- and min/max are int4's own internal functions.

CREATE TYPE @extschema@.fiscal_period;

CREATE FUNCTION @extschema@.fiscal_period_in(cstring) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- STABLE: the output depends on omledger.period_style (like date_out on DateStyle).
CREATE FUNCTION @extschema@.fiscal_period_out(@extschema@.fiscal_period) RETURNS cstring
  AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_recv(internal) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_send(@extschema@.fiscal_period) RETURNS bytea
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.fiscal_period (
  INPUT = @extschema@.fiscal_period_in,
  OUTPUT = @extschema@.fiscal_period_out,
  RECEIVE = @extschema@.fiscal_period_recv,
  SEND = @extschema@.fiscal_period_send,
  LIKE = pg_catalog.int4
);
COMMENT ON TYPE @extschema@.fiscal_period IS
  'a Japanese fiscal year (年度, 1 April to 31 March), half, quarter or month: FY2025, FY2025-H1, FY2025-Q3, 2025-10 or 令和7年度, 令和7年度上期, 令和7年度第3四半期, 令和7年10月';
COMMENT ON FUNCTION @extschema@.fiscal_period_in(cstring) IS 'input function of fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_out(@extschema@.fiscal_period) IS
  'output function of fiscal_period (style from omledger.period_style)';
COMMENT ON FUNCTION @extschema@.fiscal_period_recv(internal) IS 'binary input function of fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_send(@extschema@.fiscal_period) IS 'binary output function of fiscal_period';

-- ------------------------------------------------------------ comparison
CREATE FUNCTION @extschema@.fiscal_period_eq(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_ne(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_lt(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_le(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_gt(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_ge(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS boolean AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_cmp(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS integer AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_sortsupport(internal)
  RETURNS void AS 'btint4sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_hash(@extschema@.fiscal_period)
  RETURNS integer AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_hash_extended(@extschema@.fiscal_period, bigint)
  RETURNS bigint AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.fiscal_period_smaller(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS @extschema@.fiscal_period AS 'int4smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_larger(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS @extschema@.fiscal_period AS 'int4larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fiscal_period_eq(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of = for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_ne(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of <> for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_lt(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of < for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_le(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of <= for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_gt(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of > for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_ge(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of >= for fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_cmp(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'btree comparison of fiscal_period: by first day, then coarser first';
COMMENT ON FUNCTION @extschema@.fiscal_period_sortsupport(internal) IS 'btree sort support of fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_hash(@extschema@.fiscal_period) IS 'hash of fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_hash_extended(@extschema@.fiscal_period, bigint) IS 'seeded 64-bit hash of fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_smaller(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'the earlier of two fiscal_periods (for min)';
COMMENT ON FUNCTION @extschema@.fiscal_period_larger(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'the later of two fiscal_periods (for max)';

CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.fiscal_period, @extschema@.fiscal_period) IS
  'less than: starts earlier, or starts together and is coarser';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'greater than or equal';

CREATE OPERATOR CLASS @extschema@.fiscal_period_ops
  DEFAULT FOR TYPE @extschema@.fiscal_period USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.fiscal_period_cmp(@extschema@.fiscal_period, @extschema@.fiscal_period),
    FUNCTION 2 @extschema@.fiscal_period_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.fiscal_period_ops USING btree IS
  'default btree operator class of fiscal_period';
COMMENT ON OPERATOR FAMILY @extschema@.fiscal_period_ops USING btree IS
  'default btree operator family of fiscal_period';

CREATE OPERATOR CLASS @extschema@.fiscal_period_hash_ops
  DEFAULT FOR TYPE @extschema@.fiscal_period USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.fiscal_period_hash(@extschema@.fiscal_period),
    FUNCTION 2 @extschema@.fiscal_period_hash_extended(@extschema@.fiscal_period, bigint);
COMMENT ON OPERATOR CLASS @extschema@.fiscal_period_hash_ops USING hash IS
  'default hash operator class of fiscal_period';
COMMENT ON OPERATOR FAMILY @extschema@.fiscal_period_hash_ops USING hash IS
  'default hash operator family of fiscal_period';

CREATE AGGREGATE @extschema@.min(@extschema@.fiscal_period) (
  SFUNC = @extschema@.fiscal_period_smaller, STYPE = @extschema@.fiscal_period,
  COMBINEFUNC = @extschema@.fiscal_period_smaller,
  SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.max(@extschema@.fiscal_period) (
  SFUNC = @extschema@.fiscal_period_larger, STYPE = @extschema@.fiscal_period,
  COMBINEFUNC = @extschema@.fiscal_period_larger,
  SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.fiscal_period) IS 'the earliest fiscal_period';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.fiscal_period) IS 'the latest fiscal_period';

-- ---------------------------------------------------- constructors, parts
CREATE FUNCTION @extschema@.fiscal_period(date, text) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_period(date, text) IS
  'the fiscal period of a granularity (year, half, quarter, month) that holds a date';
CREATE FUNCTION @extschema@.fiscal_period_text(@extschema@.fiscal_period, text) RETURNS text
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_period_text(@extschema@.fiscal_period, text) IS
  'a fiscal_period as text in the given style (iso or wareki), whatever omledger.period_style says';
CREATE FUNCTION @extschema@.parent(@extschema@.fiscal_period, text) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME', 'fiscal_period_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.parent(@extschema@.fiscal_period, text) IS
  'the fiscal period of a coarser (or the same) granularity that holds a fiscal_period';
CREATE FUNCTION @extschema@.fiscal_year(@extschema@.fiscal_period) RETURNS integer
  AS 'MODULE_PATHNAME', 'fiscal_period_fiscal_year' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_year(@extschema@.fiscal_period) IS
  'the fiscal year (2025 for 令和7年度) a fiscal_period belongs to';
CREATE FUNCTION @extschema@.fiscal_year(date) RETURNS integer
  AS 'MODULE_PATHNAME', 'fiscal_year_of_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_year(date) IS
  'the fiscal year (1 April to 31 March, named for its first year) a date belongs to';
CREATE FUNCTION @extschema@.granularity(@extschema@.fiscal_period) RETURNS text
  AS 'MODULE_PATHNAME', 'fiscal_period_granularity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.granularity(@extschema@.fiscal_period) IS
  'year, half, quarter or month';
CREATE FUNCTION @extschema@.lower(@extschema@.fiscal_period) RETURNS date
  AS 'MODULE_PATHNAME', 'fiscal_period_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lower(@extschema@.fiscal_period) IS
  'the first day of a fiscal_period';
CREATE FUNCTION @extschema@.upper(@extschema@.fiscal_period) RETURNS date
  AS 'MODULE_PATHNAME', 'fiscal_period_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.upper(@extschema@.fiscal_period) IS
  'the first day after a fiscal_period (exclusive, like upper(daterange))';

-- ------------------------------------------------------ daterange, dates
CREATE FUNCTION @extschema@.fiscal_period_daterange(@extschema@.fiscal_period) RETURNS daterange
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_period_daterange(@extschema@.fiscal_period) IS
  'the days of a fiscal_period as [lower, upper)';
CREATE CAST (@extschema@.fiscal_period AS daterange)
  WITH FUNCTION @extschema@.fiscal_period_daterange(@extschema@.fiscal_period);
COMMENT ON CAST (@extschema@.fiscal_period AS daterange) IS
  'the days of a fiscal_period as [lower, upper)';

CREATE FUNCTION @extschema@.fiscal_period_contains_date(@extschema@.fiscal_period, date) RETURNS boolean
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_date_contained(date, @extschema@.fiscal_period) RETURNS boolean
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_contains(@extschema@.fiscal_period, @extschema@.fiscal_period) RETURNS boolean
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_contained(@extschema@.fiscal_period, @extschema@.fiscal_period) RETURNS boolean
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_overlaps(@extschema@.fiscal_period, @extschema@.fiscal_period) RETURNS boolean
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_period_contains_date(@extschema@.fiscal_period, date) IS 'implementation of fiscal_period @> date';
COMMENT ON FUNCTION @extschema@.fiscal_period_date_contained(date, @extschema@.fiscal_period) IS 'implementation of date <@ fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_contains(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of fiscal_period @> fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_contained(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of fiscal_period <@ fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_overlaps(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of fiscal_period && fiscal_period';

CREATE OPERATOR @extschema@.@> (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = date,
  FUNCTION = @extschema@.fiscal_period_contains_date,
  COMMUTATOR = OPERATOR(@extschema@.<@), RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.<@ (
  LEFTARG = date, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_date_contained,
  COMMUTATOR = OPERATOR(@extschema@.@>), RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.@> (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_contains,
  COMMUTATOR = OPERATOR(@extschema@.<@), RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.<@ (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_contained,
  COMMUTATOR = OPERATOR(@extschema@.@>), RESTRICT = contsel, JOIN = contjoinsel
);
CREATE OPERATOR @extschema@.&& (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_overlaps,
  COMMUTATOR = OPERATOR(@extschema@.&&), RESTRICT = areasel, JOIN = areajoinsel
);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.fiscal_period, date) IS 'fiscal period contains date';
COMMENT ON OPERATOR @extschema@.<@ (date, @extschema@.fiscal_period) IS 'date is in fiscal period';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'fiscal period contains every day of fiscal period';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'every day of fiscal period is in fiscal period';
COMMENT ON OPERATOR @extschema@.&& (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'fiscal periods share a day';

-- ------------------------------------------------------------ arithmetic
CREATE FUNCTION @extschema@.fiscal_period_pl_int(@extschema@.fiscal_period, integer) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_int_pl(integer, @extschema@.fiscal_period) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_mi_int(@extschema@.fiscal_period, integer) RETURNS @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.fiscal_period_mi(@extschema@.fiscal_period, @extschema@.fiscal_period) RETURNS integer
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fiscal_period_pl_int(@extschema@.fiscal_period, integer) IS 'implementation of fiscal_period + integer';
COMMENT ON FUNCTION @extschema@.fiscal_period_int_pl(integer, @extschema@.fiscal_period) IS 'implementation of integer + fiscal_period';
COMMENT ON FUNCTION @extschema@.fiscal_period_mi_int(@extschema@.fiscal_period, integer) IS 'implementation of fiscal_period - integer';
COMMENT ON FUNCTION @extschema@.fiscal_period_mi(@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'implementation of fiscal_period - fiscal_period';

CREATE OPERATOR @extschema@.+ (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = integer,
  FUNCTION = @extschema@.fiscal_period_pl_int, COMMUTATOR = OPERATOR(@extschema@.+)
);
CREATE OPERATOR @extschema@.+ (
  LEFTARG = integer, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_int_pl, COMMUTATOR = OPERATOR(@extschema@.+)
);
CREATE OPERATOR @extschema@.- (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = integer,
  FUNCTION = @extschema@.fiscal_period_mi_int
);
CREATE OPERATOR @extschema@.- (
  LEFTARG = @extschema@.fiscal_period, RIGHTARG = @extschema@.fiscal_period,
  FUNCTION = @extschema@.fiscal_period_mi
);
COMMENT ON OPERATOR @extschema@.+ (@extschema@.fiscal_period, integer) IS 'the period n periods (of its own granularity) later';
COMMENT ON OPERATOR @extschema@.+ (integer, @extschema@.fiscal_period) IS 'the period n periods (of its own granularity) later';
COMMENT ON OPERATOR @extschema@.- (@extschema@.fiscal_period, integer) IS 'the period n periods (of its own granularity) earlier';
COMMENT ON OPERATOR @extschema@.- (@extschema@.fiscal_period, @extschema@.fiscal_period) IS 'how many periods apart two fiscal_periods of one granularity are';

-- ---------------------------------------------------------------- series
CREATE FUNCTION @extschema@.fiscal_periods(@extschema@.fiscal_period, @extschema@.fiscal_period)
  RETURNS SETOF @extschema@.fiscal_period
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.fiscal_periods(@extschema@.fiscal_period, @extschema@.fiscal_period) IS
  'every fiscal_period from the first to the second (inclusive), both of one granularity';
CREATE FUNCTION @extschema@.fiscal_periods(daterange, text)
  RETURNS SETOF @extschema@.fiscal_period
  AS 'MODULE_PATHNAME', 'fiscal_periods_daterange' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.fiscal_periods(daterange, text) IS
  'every fiscal_period of a granularity that shares a day with a date range';

-- ---------------------------------------------------------------- wareki
CREATE FUNCTION @extschema@.to_wareki(date) RETURNS text
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.to_wareki(date) IS
  'a date in the Japanese era calendar: 令和7年10月1日 (from 1873-01-01, 明治6年)';
CREATE FUNCTION @extschema@.wareki_date(text) RETURNS date
  AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wareki_date(text) IS
  'the date of an era-calendar text: 令和7年10月1日, 令和元年5月1日, R7.10.1, H31/4/30';
/*
 * The government calendar: national holidays (computed in C), the city's
 * closed days (seed note ※4) with an override table, open-day arithmetic,
 * and the configuration the response clock (31_sla.sql) reads: online
 * hours and the out-of-hours allowance per party.  See doc/calendar.md.
 */

-- National holidays: pure functions of the date, computed by the law.

CREATE FUNCTION @extschema@.jp_holiday_name(day date) RETURNS text
  AS 'MODULE_PATHNAME', 'jp_holiday_name'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jp_holiday_name(date) IS
  'Japanese name of the national holiday on a date (振替休日 and 国民の休日 included), or NULL; NULL before 1948-07-20, an error after 2150-12-31';

CREATE FUNCTION @extschema@.is_jp_holiday(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_jp_holiday'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_jp_holiday(date) IS
  'true when the date is a national holiday (jp_holiday_name is not NULL)';

CREATE FUNCTION @extschema@.jp_holidays(from_day date, to_day date,
    OUT day date, OUT name text) RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'jp_holidays'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.jp_holidays(date, date) IS
  'every national holiday from from_day to to_day, both included, in date order';

-- Configuration and overrides read by the closed-day and response functions.

CREATE TABLE @extschema@.calendar_override (
  day     date PRIMARY KEY CHECK (pg_catalog.isfinite(day)),
  closed  boolean NOT NULL,
  reason  text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) '')
);
COMMENT ON TABLE @extschema@.calendar_override IS
  'the city''s exceptions to the closed-day rule; a row wins over the computed answer';
COMMENT ON COLUMN @extschema@.calendar_override.day IS 'the day';
COMMENT ON COLUMN @extschema@.calendar_override.closed IS
  'true: a closed day (e.g. a new special-law holiday); false: an open day';
COMMENT ON COLUMN @extschema@.calendar_override.reason IS 'why, for the record';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_override', '');

CREATE TABLE @extschema@.online_hours (
  weekday  smallint UNIQUE CHECK (weekday BETWEEN 0 AND 6),
  day      date UNIQUE CHECK (pg_catalog.isfinite(day)),
  opens    time NOT NULL DEFAULT '08:45',
  closes   time NOT NULL,
  seeded   boolean NOT NULL DEFAULT false,
  CHECK ((weekday IS NULL) OPERATOR(pg_catalog.<>) (day IS NULL)),
  CHECK (opens OPERATOR(pg_catalog.<) closes)
);
COMMENT ON TABLE @extschema@.online_hours IS
  'online service hours of an open day: a row per date wins over a row per weekday, which wins over 08:45-17:15';
COMMENT ON COLUMN @extschema@.online_hours.weekday IS '0 = Sunday .. 6 = Saturday (as extract(dow)); NULL on a date row';
COMMENT ON COLUMN @extschema@.online_hours.day IS 'a single date; NULL on a weekday row';
COMMENT ON COLUMN @extschema@.online_hours.opens IS 'when open hours start (the contract''s 08:45)';
COMMENT ON COLUMN @extschema@.online_hours.closes IS 'when the resident record system''s online service closes';
COMMENT ON COLUMN @extschema@.online_hours.seeded IS
  'true on the rows the extension installed and nobody changed since (not dumped)';

CREATE TABLE @extschema@.response_allowance (
  party         text PRIMARY KEY CHECK (party OPERATOR(pg_catalog.<>) ''),
  out_of_hours  interval NOT NULL
    CHECK (out_of_hours OPERATOR(pg_catalog.>=) interval '0'
           AND out_of_hours OPERATOR(pg_catalog.<=) interval '24 hours'),
  seeded        boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.response_allowance IS
  'per party: how long after an out-of-hours incident that needs an immediate response the response is due (tables 3 and 4: about 1 hour)';
COMMENT ON COLUMN @extschema@.response_allowance.party IS 'operator (業務運用業者), vendor (保守ベンダー), or another';
COMMENT ON COLUMN @extschema@.response_allowance.out_of_hours IS 'the allowance, 0 to 24 hours';
COMMENT ON COLUMN @extschema@.response_allowance.seeded IS
  'true on the rows the extension installed and nobody changed since (not dumped)';

-- Seeded rows are not dumped; an edited one becomes the user's (seeded =
-- false) and is dumped, and on restore it replaces the freshly seeded
-- default with the same key instead of colliding with it.

CREATE FUNCTION @extschema@.online_hours_seeded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.seeded := false;
  ELSIF NOT NEW.seeded THEN
    DELETE FROM @extschema@.online_hours h
     WHERE h.seeded AND (h.weekday OPERATOR(pg_catalog.=) NEW.weekday
                         OR h.day OPERATOR(pg_catalog.=) NEW.day);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.online_hours_seeded() IS
  'trigger: an edited seeded row is the user''s; a user''s row replaces the seeded one with the same key';

CREATE FUNCTION @extschema@.response_allowance_seeded() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
    NEW.seeded := false;
  ELSIF NOT NEW.seeded THEN
    DELETE FROM @extschema@.response_allowance a
     WHERE a.seeded AND a.party OPERATOR(pg_catalog.=) NEW.party;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.response_allowance_seeded() IS
  'trigger: an edited seeded row is the user''s; a user''s row replaces the seeded one with the same key';

CREATE TRIGGER online_hours_seeded BEFORE INSERT OR UPDATE ON @extschema@.online_hours
  FOR EACH ROW EXECUTE FUNCTION @extschema@.online_hours_seeded();
CREATE TRIGGER response_allowance_seeded BEFORE INSERT OR UPDATE ON @extschema@.response_allowance
  FOR EACH ROW EXECUTE FUNCTION @extschema@.response_allowance_seeded();

-- Every backend keeps a copy of the three tables; a change invalidates it.
CREATE FUNCTION @extschema@.calendar_config_changed() RETURNS trigger
  AS 'MODULE_PATHNAME', 'calendar_config_changed'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_config_changed() IS
  'trigger: tells every session that the calendar configuration changed';

CREATE TRIGGER calendar_override_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_override
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();
CREATE TRIGGER online_hours_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.online_hours
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();
CREATE TRIGGER response_allowance_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.response_allowance
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_config_changed();

INSERT INTO @extschema@.online_hours (weekday, opens, closes, seeded)
  SELECT w, '08:45', '17:15', true FROM pg_catalog.generate_series(0, 6) AS w;
INSERT INTO @extschema@.response_allowance (party, out_of_hours, seeded) VALUES
  ('operator', interval '1 hour', true),
  ('vendor', interval '1 hour', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.online_hours', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.response_allowance', 'WHERE NOT seeded');

-- Everybody may read the calendar (the functions below do, as the caller).
GRANT SELECT ON @extschema@.calendar_override, @extschema@.online_hours,
  @extschema@.response_allowance TO PUBLIC;

-- Closed days and open days.

CREATE FUNCTION @extschema@.is_closed_day(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_closed_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_closed_day(date) IS
  '閉庁日: Saturday, Sunday, a national holiday, or 29 December to 3 January, unless calendar_override says otherwise';

CREATE FUNCTION @extschema@.is_open_day(day date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_open_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_open_day(date) IS
  '開庁日: NOT is_closed_day(day)';

CREATE FUNCTION @extschema@.next_open_day(day date) RETURNS date
  AS 'MODULE_PATHNAME', 'next_open_day'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_open_day(date) IS
  'the day itself when it is open, else the next open day';

CREATE FUNCTION @extschema@.add_open_days(day date, n integer) RETURNS date
  AS 'MODULE_PATHNAME', 'add_open_days'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_open_days(date, integer) IS
  'the nth open day after day (before it when n < 0); n = 0 gives next_open_day(day)';

CREATE FUNCTION @extschema@.open_days_between(from_day date, to_day date) RETURNS integer
  AS 'MODULE_PATHNAME', 'open_days_between'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.open_days_between(date, date) IS
  'open days in the half-open interval [from_day, to_day); negative when to_day < from_day';

CREATE FUNCTION @extschema@.minutes_due(held_on date) RETURNS date
  AS 'MODULE_PATHNAME', 'minutes_due'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.minutes_due(date) IS
  'due date of the minutes of a meeting held without the city''s staff: two open days after the meeting day (§7.7)';
/*
 * The response clock (seed §6.1.1 table 3, §6.2.1 table 4): when the
 * response to an incident is due, in Japan time whatever the session's
 * TimeZone.  Reads online_hours, response_allowance and calendar_override
 * (30_calendar.sql).  See doc/calendar.md.
 */

CREATE FUNCTION @extschema@.is_open_hours(at timestamptz) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_open_hours'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_open_hours(timestamptz) IS
  'true when the instant, in Japan time, is within the online hours of an open day';

CREATE FUNCTION @extschema@.response_due(occurred_at timestamptz,
    immediate boolean DEFAULT true, party text DEFAULT 'operator') RETURNS timestamptz
  AS 'MODULE_PATHNAME', 'response_due'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.response_due(timestamptz, boolean, text) IS
  'when the response to an incident is due: at once in open hours; otherwise at the next opening, or occurred_at + the party''s allowance if immediate and earlier';

CREATE FUNCTION @extschema@.response_status(occurred_at timestamptz, started_at timestamptz,
    immediate boolean DEFAULT true, party text DEFAULT 'operator') RETURNS text
  AS 'MODULE_PATHNAME', 'response_status'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.response_status(timestamptz, timestamptz, boolean, text) IS
  '''open'' while started_at is NULL, else ''met'' (started_at <= response_due) or ''late''';

CREATE FUNCTION @extschema@.minutes_late(occurred_at timestamptz, started_at timestamptz,
    immediate boolean DEFAULT true, party text DEFAULT 'operator') RETURNS bigint
  AS 'MODULE_PATHNAME', 'minutes_late'
  LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.minutes_late(timestamptz, timestamptz, boolean, text) IS
  'whole minutes (rounded up) by which the response started after it was due; 0 when met; NULL while not started';
/*
 * 40_ledger.sql -- the ledger: contracts, systems, the roster, the O&M menu,
 * work items, approvals, evidence, deadline changes and the status history.
 *
 * Every row knows its contract (directly, or through a composite foreign key
 * that pins it to its item's contract), every time is a timestamptz, and the
 * history tables (approval, evidence, deadline_change, work_item_event) are
 * append-only: corrections are new rows, never rewrites.
 *
 * Lookup tables that a city may extend carry a "seeded" flag: the rows the
 * extension ships are seeded = true, are read-only (omledger.protect_seeded),
 * and are left out of pg_dump by the pg_extension_config_dump filter, so a
 * restore does not insert them twice.  Rows a city adds are dumped.
 *
 * The triggers that enforce the contract are created in 42_workflow.sql.
 */

-- ------------------------------------------------------------- contract
CREATE TABLE @extschema@.contract (
	contract_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name				text NOT NULL,
	contractor			text NOT NULL,
	roles				text[] NOT NULL,
	term				daterange NOT NULL,
	handover_in			daterange,
	handover_out		daterange,
	previous_contractor	text,
	next_contractor		text,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT contract_roles_check
		CHECK (roles OPERATOR(pg_catalog.<@) '{operator,vendor}'::text[]
			   AND pg_catalog.cardinality(roles) OPERATOR(pg_catalog.>) 0),
	CONSTRAINT contract_term_check
		CHECK (NOT pg_catalog.isempty(term) AND NOT pg_catalog.lower_inf(term)
			   AND NOT pg_catalog.upper_inf(term)),
	CONSTRAINT contract_handover_in_check
		CHECK (handover_in IS NULL OR term OPERATOR(pg_catalog.@>) handover_in),
	CONSTRAINT contract_handover_out_check
		CHECK (handover_out IS NULL OR NOT pg_catalog.isempty(handover_out))
);
COMMENT ON TABLE @extschema@.contract IS
  'An O&M contract (業務委託契約): the root every ledger row belongs to';
COMMENT ON COLUMN @extschema@.contract.contract_id IS 'Identifier of the contract';
COMMENT ON COLUMN @extschema@.contract.name IS 'Name of the contract (業務名), e.g. 令和7年度 基幹系システム運用保守業務（住民記録等）';
COMMENT ON COLUMN @extschema@.contract.contractor IS 'The contractor (受託者)';
COMMENT ON COLUMN @extschema@.contract.roles IS 'Roles the contractor plays: a non-empty subset of {operator,vendor} (業務運用業者, 保守ベンダー)';
COMMENT ON COLUMN @extschema@.contract.term IS 'Term of the contract (業務履行期間), a bounded date range';
COMMENT ON COLUMN @extschema@.contract.handover_in IS 'Handover period from the previous contractor (§5.3), inside the term; NULL if none';
COMMENT ON COLUMN @extschema@.contract.handover_out IS 'Handover period to the next contractor (§5.3, after the term); NULL if none or not yet known';
COMMENT ON COLUMN @extschema@.contract.previous_contractor IS 'The previous contractor (引継元業者), if any';
COMMENT ON COLUMN @extschema@.contract.next_contractor IS 'The next contractor (次期受託者), if known and different';
COMMENT ON COLUMN @extschema@.contract.created_at IS 'When the contract was entered into the ledger';

-- --------------------------------------------------------------- system
CREATE TABLE @extschema@.system (
	system_code			text PRIMARY KEY,
	name_ja				text NOT NULL,
	name_en				text NOT NULL,
	retired_on			date,
	seeded				boolean NOT NULL DEFAULT false,
	CONSTRAINT system_code_check CHECK (system_code OPERATOR(pg_catalog.~) '^[A-Z][A-Z0-9_]{1,15}$')
);
COMMENT ON TABLE @extschema@.system IS
  'The target systems (対象システム, §3.1); the eight of Sapporo''s contract are seeded, a city adds and retires its own';
COMMENT ON COLUMN @extschema@.system.system_code IS 'Short code of the system, upper case (e.g. SJK)';
COMMENT ON COLUMN @extschema@.system.name_ja IS 'Japanese name of the system';
COMMENT ON COLUMN @extschema@.system.name_en IS 'English name of the system';
COMMENT ON COLUMN @extschema@.system.retired_on IS 'First day the system is no longer in service; NULL while in service';
COMMENT ON COLUMN @extschema@.system.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';

INSERT INTO @extschema@.system (system_code, name_ja, name_en, seeded) VALUES
	('SJK', '住民記録システム', 'Resident Records System', true),
	('SKT', '企画統計システム', 'Planning Statistics System', true),
	('ATC', '市民情報抽出システム', 'Citizen Information Extraction System', true),
	('ATE', '他課閲覧システム', 'Inter-Department Inquiry System', true),
	('GGR', '学齢簿システム', 'School-Age Register System', true),
	('GTU', '通区ユニットシステム', 'School District Unit System', true),
	('GSK', '就学時健康診断システム', 'Pre-School Health Check System', true),
	('SNK', '選挙事務システム', 'Election Administration System', true);

-- --------------------------------------------------------------- person
CREATE TABLE @extschema@.person (
	person_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	name				text NOT NULL,
	organisation		text,
	side				text NOT NULL,
	db_role				name,
	registered			daterange NOT NULL,
	approved_on			date,
	roles				text[] NOT NULL DEFAULT '{}',
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT person_contract_person_key UNIQUE (contract_id, person_id),
	CONSTRAINT person_side_check
		CHECK (side OPERATOR(pg_catalog.=) ANY ('{city,contractor,predecessor,successor,modification_vendor}'::text[])),
	CONSTRAINT person_roles_check
		CHECK (roles OPERATOR(pg_catalog.<@) '{business_lead,site_lead,deputy_site_lead,data_protection_manager,worker}'::text[]),
	CONSTRAINT person_registered_check
		CHECK (NOT pg_catalog.isempty(registered) AND NOT pg_catalog.lower_inf(registered)),
	-- §6: a change of the roster needs the city's prior written approval.
	-- City staff are on the ledger's roster too but are not registered by
	-- approval, so approved_on may be NULL for them only.
	CONSTRAINT person_approved_before_registration_check
		CHECK (approved_on OPERATOR(pg_catalog.<=) pg_catalog.lower(registered)),
	CONSTRAINT person_approval_required_check
		CHECK (side OPERATOR(pg_catalog.=) 'city' OR approved_on IS NOT NULL)
);
COMMENT ON TABLE @extschema@.person IS
  'The roster (情報資産取扱者名簿) and the city''s staff: a person is on the roster on date d iff registered @> d';
COMMENT ON COLUMN @extschema@.person.person_id IS 'Identifier of the roster entry (one registration of one person)';
COMMENT ON COLUMN @extschema@.person.contract_id IS 'Contract whose roster this entry belongs to';
COMMENT ON COLUMN @extschema@.person.name IS 'Full name';
COMMENT ON COLUMN @extschema@.person.organisation IS 'Organisation (company, or the city''s department)';
COMMENT ON COLUMN @extschema@.person.side IS 'city, contractor, predecessor, successor or modification_vendor';
COMMENT ON COLUMN @extschema@.person.db_role IS 'Database role that acts as this person (matched against current_user); NULL if the person never uses the database directly';
COMMENT ON COLUMN @extschema@.person.registered IS 'Dates on which the person is registered (on the roster); the lower bound is the first day';
COMMENT ON COLUMN @extschema@.person.approved_on IS 'Date the city approved the registration in writing (§6); never after the first registered day; NULL only for city staff';
COMMENT ON COLUMN @extschema@.person.roles IS 'Designated roles (表2): business_lead 業務責任者, site_lead 現場責任者, deputy_site_lead 副現場責任者, data_protection_manager 保護管理者, worker';
COMMENT ON COLUMN @extschema@.person.created_at IS 'When the entry was entered into the ledger';
CREATE INDEX person_db_role_idx ON @extschema@.person (db_role, contract_id) WHERE db_role IS NOT NULL;

-- ---------------------------------------------------------- menu_item
CREATE TABLE @extschema@.menu_item (
	menu_item_id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	code				text NOT NULL,
	revision			integer NOT NULL DEFAULT 1,
	title				text NOT NULL,
	performer			text NOT NULL,
	system_code			text REFERENCES @extschema@.system,
	procedure_ref		text,
	frequency			text,
	valid				daterange NOT NULL,
	supersedes_id		bigint REFERENCES @extschema@.menu_item,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT menu_item_code_revision_key UNIQUE (contract_id, code, revision),
	CONSTRAINT menu_item_contract_item_key UNIQUE (contract_id, menu_item_id),
	CONSTRAINT menu_item_performer_check
		CHECK (performer OPERATOR(pg_catalog.=) ANY ('{operator,vendor}'::text[])),
	CONSTRAINT menu_item_revision_check CHECK (revision OPERATOR(pg_catalog.>) 0),
	CONSTRAINT menu_item_valid_check
		CHECK (NOT pg_catalog.isempty(valid) AND NOT pg_catalog.lower_inf(valid))
);
COMMENT ON TABLE @extschema@.menu_item IS
  'The O&M menu (運用・保守メニュー, §5.1): one row per revision of a task; a revision is a new row and the old one is kept with its validity closed';
COMMENT ON COLUMN @extschema@.menu_item.menu_item_id IS 'Identifier of this revision';
COMMENT ON COLUMN @extschema@.menu_item.contract_id IS 'Contract whose menu this is';
COMMENT ON COLUMN @extschema@.menu_item.code IS 'Code of the menu task, stable across revisions';
COMMENT ON COLUMN @extschema@.menu_item.revision IS 'Revision number, 1 for the first; assigned when a new revision of the code is inserted';
COMMENT ON COLUMN @extschema@.menu_item.title IS 'Title of the task';
COMMENT ON COLUMN @extschema@.menu_item.performer IS 'Who performs it (作業従事者): operator or vendor';
COMMENT ON COLUMN @extschema@.menu_item.system_code IS 'Target system, NULL if the task spans systems';
COMMENT ON COLUMN @extschema@.menu_item.procedure_ref IS 'Reference of the procedure document (手順書)';
COMMENT ON COLUMN @extschema@.menu_item.frequency IS 'How often the task runs (free text, e.g. daily, monthly, on request)';
COMMENT ON COLUMN @extschema@.menu_item.valid IS 'Dates this revision is in force; a new revision closes the previous one at its own first day';
COMMENT ON COLUMN @extschema@.menu_item.supersedes_id IS 'The revision this one replaces, NULL for the first';
COMMENT ON COLUMN @extschema@.menu_item.created_at IS 'When the revision was entered';
CREATE INDEX menu_item_system_idx ON @extschema@.menu_item (system_code);
CREATE INDEX menu_item_supersedes_idx ON @extschema@.menu_item (supersedes_id);

-- ------------------------------------------------ kinds and sub-kinds
CREATE TABLE @extschema@.work_sub_kind (
	kind				text NOT NULL,
	sub_kind			text NOT NULL,
	spec_ref			text,
	title_ja			text NOT NULL,
	title_en			text NOT NULL,
	requires_procedure	boolean NOT NULL DEFAULT false,
	requires_prior_agreement boolean NOT NULL DEFAULT false,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, sub_kind),
	CONSTRAINT work_sub_kind_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[]))
);
COMMENT ON TABLE @extschema@.work_sub_kind IS
  'Sub-kinds of work (service ①-⑥ §5.2.1, failure recovery §5.2.2, modification ①-⑦ §5.2.3, handover §5.3) and the rules each triggers';
COMMENT ON COLUMN @extschema@.work_sub_kind.kind IS 'Kind of work: menu_task, service_request, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.work_sub_kind.sub_kind IS 'Name of the sub-kind';
COMMENT ON COLUMN @extschema@.work_sub_kind.spec_ref IS 'Where the specification defines it (e.g. §5.2.1⑥)';
COMMENT ON COLUMN @extschema@.work_sub_kind.title_ja IS 'Japanese title';
COMMENT ON COLUMN @extschema@.work_sub_kind.title_en IS 'English title';
COMMENT ON COLUMN @extschema@.work_sub_kind.requires_procedure IS 'Rule 1: work of this sub-kind cannot be executed before an approved procedure (§5.2.1⑥, §5.2.4⑤)';
COMMENT ON COLUMN @extschema@.work_sub_kind.requires_prior_agreement IS 'Rule 5: work of this sub-kind needs an approved closed_day_attendance agreement before its scheduled day (§5.2.1⑤)';
COMMENT ON COLUMN @extschema@.work_sub_kind.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';

INSERT INTO @extschema@.work_sub_kind
	(kind, sub_kind, spec_ref, title_ja, title_en, requires_procedure, requires_prior_agreement, seeded) VALUES
	('service_request', 'modification_vendor_support', '§5.2.1①', '改修業者との関係における引継等の作業', 'Work for modification vendors', false, false, true),
	('service_request', 'investigation', '§5.2.1②', '調査・問合せ対応', 'Investigation and inquiry', false, false, true),
	('service_request', 'meeting', '§5.2.1③', '打ち合わせ対応', 'Meeting', false, false, true),
	('service_request', 'document', '§5.2.1④', 'その他の調査や資料作成', 'Document', false, false, true),
	('service_request', 'closed_day_attendance', '§5.2.1⑤', '閉庁日の作業立会', 'Closed-day attendance', false, true, true),
	('service_request', 'data_extraction', '§5.2.1⑥', 'データ抽出', 'Data extraction', true, false, true),
	('service_request', 'data_patch', '§5.2.1⑥', 'データパッチ', 'Data patch', true, false, true),
	('failure_recovery', 'impact_analysis', '§5.2.2', '影響調査', 'Impact analysis', false, false, true),
	('failure_recovery', 'provisional_fix', '§5.2.2', '暫定対応', 'Provisional fix', false, false, true),
	('failure_recovery', 'recovery_procedure', '§5.2.4⑤', '回復手順による回復', 'Recovery by procedure', true, false, true),
	('failure_recovery', 'data_extraction', '§5.2.2', 'データ抽出', 'Data extraction', true, false, true),
	('failure_recovery', 'data_patch', '§5.2.2', 'データパッチ', 'Data patch', true, false, true),
	('modification', 'permanent_fix', '§5.2.3①', '障害に対する恒久対応', 'Permanent fix of a failure', false, false, true),
	('modification', 'preventive_fix', '§5.2.3②', '予防的改修', 'Preventive fix', false, false, true),
	('modification', 'operations_improvement', '§5.2.3③', '運用作業の負荷軽減又は品質向上', 'Lighter or better operations', false, false, true),
	('modification', 'form_wording', '§5.2.3④', '帳票・画面の文言・印字位置の修正', 'Wording or print position on forms and screens', false, false, true),
	('modification', 'external_change', '§5.2.3⑤', 'FWバージョンアップ・他システムIF変更への対応', 'Framework version-up or other systems'' interface change', false, false, true),
	('modification', 'security_patch_verification', '§5.2.3⑥', 'OSセキュリティパッチ適用後の検証', 'Verification after OS security patches', false, false, true),
	('modification', 'document_alignment', '§5.2.3⑦', 'ドキュメントと実装の整合', 'Documents brought in line with the implementation', false, false, true),
	('handover', 'handover_in', '§5.3', '引き継ぎ（受け）', 'Handover from the previous contractor', false, false, true),
	('handover', 'handover_out', '§5.3', '引き継ぎ（渡し）', 'Handover to the next contractor', false, false, true);

-- ------------------------------------------------------ who is acting
CREATE FUNCTION @extschema@.current_person(contract_id bigint, on_date date DEFAULT CURRENT_DATE)
RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT p.person_id
	FROM @extschema@.person AS p
	WHERE p.contract_id OPERATOR(pg_catalog.=) $1
	  AND p.db_role OPERATOR(pg_catalog.=) CURRENT_USER
	  AND p.registered OPERATOR(pg_catalog.@>) $2
	ORDER BY p.person_id
	LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.current_person(bigint, date) IS
  'The roster entry of the contract whose db_role is current_user and that is registered on the date, or NULL';

-- ------------------------------------------------ pg_dump of user data
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contract', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.system', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.menu_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_sub_kind', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contract_contract_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.person_person_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.menu_item_menu_item_id_seq', '');
/*
 * 41_workflow_def.sql -- the state machines, as data.
 *
 * workflow_status lists the statuses of each kind of work; workflow_transition
 * the allowed moves between them and the named preconditions each requires.
 * The C trigger omledger.work_item_workflow() (43_workflow.sql) reads both.
 *
 * Defaults ship as seeded rows (read-only, not dumped).  A city changes a
 * state machine by inserting its own rows (dumped with its data): a status of
 * its own, a transition of its own, or a row with the same (kind, from_status,
 * to_status) as a default, which then overrides it -- enabled = false removes
 * a default transition.  See doc/workflow.md.
 */

CREATE TABLE @extschema@.workflow_status (
	kind				text NOT NULL,
	status				text NOT NULL,
	is_initial			boolean NOT NULL DEFAULT false,
	is_terminal			boolean NOT NULL DEFAULT false,
	starts_response		boolean NOT NULL DEFAULT false,
	bumps_content		boolean NOT NULL DEFAULT false,
	sort_order			integer NOT NULL DEFAULT 0,
	description			text,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, status),
	CONSTRAINT workflow_status_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[])),
	CONSTRAINT workflow_status_name_check
		CHECK (status OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	CONSTRAINT workflow_status_initial_check CHECK (NOT (is_initial AND is_terminal))
);
COMMENT ON TABLE @extschema@.workflow_status IS
  'The statuses of each kind of work; a city may add its own';
COMMENT ON COLUMN @extschema@.workflow_status.kind IS 'Kind of work the status belongs to';
COMMENT ON COLUMN @extschema@.workflow_status.status IS 'Name of the status (lower case identifier)';
COMMENT ON COLUMN @extschema@.workflow_status.is_initial IS 'The status a new item of the kind starts in (exactly one per kind)';
COMMENT ON COLUMN @extschema@.workflow_status.is_terminal IS 'The item is finished (closed, cancelled, rejected): not overdue, no transition out by default';
COMMENT ON COLUMN @extschema@.workflow_status.starts_response IS 'Entering it records response_started_at (rule 10): the response to a failure has started';
COMMENT ON COLUMN @extschema@.workflow_status.bumps_content IS 'Entering it means the work is being changed again (rework): content_changed_at moves to the status time, so earlier release evidence no longer counts';
COMMENT ON COLUMN @extschema@.workflow_status.sort_order IS 'Position of the status in diagrams and reports';
COMMENT ON COLUMN @extschema@.workflow_status.description IS 'What the status means';
COMMENT ON COLUMN @extschema@.workflow_status.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
CREATE UNIQUE INDEX workflow_status_initial_idx ON @extschema@.workflow_status (kind) WHERE is_initial;

CREATE TABLE @extschema@.workflow_transition (
	kind				text NOT NULL,
	from_status			text NOT NULL,
	to_status			text NOT NULL,
	requires			text[] NOT NULL DEFAULT '{}',
	enabled				boolean NOT NULL DEFAULT true,
	description			text,
	seeded				boolean NOT NULL DEFAULT false,
	PRIMARY KEY (kind, from_status, to_status, seeded),
	CONSTRAINT workflow_transition_from_fkey FOREIGN KEY (kind, from_status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT workflow_transition_to_fkey FOREIGN KEY (kind, to_status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT workflow_transition_loop_check CHECK (from_status OPERATOR(pg_catalog.<>) to_status),
	-- The preconditions are implemented by the engine (src/core/workflow.c):
	-- the names are code, so a CHECK, not a lookup table a city could extend.
	CONSTRAINT workflow_transition_requires_check
		CHECK (requires OPERATOR(pg_catalog.<@) '{procedure_approved,planned_effort_approved,release_ready,major_incident_report,prior_agreement,failure_class,predecessor_confirmation,handover_report}'::text[]
			   AND pg_catalog.array_position(requires, NULL) IS NULL)
);
COMMENT ON TABLE @extschema@.workflow_transition IS
  'The allowed status changes of each kind and their preconditions; a non-seeded row overrides the seeded row with the same (kind, from_status, to_status)';
COMMENT ON COLUMN @extschema@.workflow_transition.kind IS 'Kind of work';
COMMENT ON COLUMN @extschema@.workflow_transition.from_status IS 'Status the item is in';
COMMENT ON COLUMN @extschema@.workflow_transition.to_status IS 'Status it may move to';
COMMENT ON COLUMN @extschema@.workflow_transition.requires IS 'Named preconditions checked by the trigger: procedure_approved (rule 1), planned_effort_approved (2), release_ready (3), major_incident_report (4), prior_agreement (5), failure_class (6), predecessor_confirmation (7), handover_report';
COMMENT ON COLUMN @extschema@.workflow_transition.enabled IS 'False in a city''s row removes the transition (overriding a seeded one)';
COMMENT ON COLUMN @extschema@.workflow_transition.description IS 'What the transition means';
COMMENT ON COLUMN @extschema@.workflow_transition.seeded IS 'True for rows shipped with the extension (read-only, not dumped); a row with false overrides the seeded one';
CREATE INDEX workflow_transition_to_idx ON @extschema@.workflow_transition (kind, to_status);

INSERT INTO @extschema@.workflow_status
	(kind, status, is_initial, is_terminal, starts_response, bumps_content, sort_order, description, seeded) VALUES
	('failure_recovery', 'reported', true, false, false, false, 10, 'Reported (by the city, a user or the automatic notification system); the response clock runs', true),
	('failure_recovery', 'acknowledged', false, false, true, false, 20, 'The contractor has contacted the city and started to respond', true),
	('failure_recovery', 'investigating', false, false, false, false, 30, 'Impact analysis and investigation', true),
	('failure_recovery', 'mitigated', false, false, false, false, 40, 'Provisional fix, recovery procedure or data patch executed; services restored', true),
	('failure_recovery', 'resolved', false, false, false, false, 50, 'Cause removed or handed over to a modification', true),
	('failure_recovery', 'closed', false, true, false, false, 60, 'Closed with the city', true),
	('failure_recovery', 'cancelled', false, true, false, false, 70, 'Not a failure (false alarm, duplicate notice)', true),
	('modification', 'proposed', true, false, false, false, 10, 'Proposed (permanent fix, preventive fix, improvement, ...)', true),
	('modification', 'planned', false, false, false, false, 20, 'Scope and planned effort prepared', true),
	('modification', 'approved', false, false, false, false, 30, 'The city has approved the plan and its planned effort', true),
	('modification', 'in_progress', false, false, false, true, 40, 'Being built; every entry counts as a change to the release material', true),
	('modification', 'testing', false, false, false, false, 50, 'Staging tests, Jenkins and inspection', true),
	('modification', 'release_approved', false, false, false, false, 60, 'The city approved the release', true),
	('modification', 'released', false, false, false, false, 70, 'Released to production', true),
	('modification', 'closed', false, true, false, false, 80, 'Closed with the city', true),
	('modification', 'rejected', false, true, false, false, 90, 'Not to be done (the city declined, or table 1 excludes it)', true),
	('modification', 'cancelled', false, true, false, false, 100, 'Withdrawn', true),
	('service_request', 'requested', true, false, false, false, 10, 'Requested by the city', true),
	('service_request', 'accepted', false, false, false, false, 20, 'Accepted and scheduled', true),
	('service_request', 'in_progress', false, false, false, false, 30, 'Being executed', true),
	('service_request', 'done', false, false, false, false, 40, 'Done; results delivered', true),
	('service_request', 'closed', false, true, false, false, 50, 'Closed with the city', true),
	('service_request', 'rejected', false, true, false, false, 60, 'Not in scope', true),
	('service_request', 'cancelled', false, true, false, false, 70, 'Withdrawn by the city', true),
	('menu_task', 'scheduled', true, false, false, false, 10, 'Scheduled from the O&M menu', true),
	('menu_task', 'in_progress', false, false, false, false, 20, 'Being performed per its procedure', true),
	('menu_task', 'done', false, false, false, false, 30, 'Performed', true),
	('menu_task', 'closed', false, true, false, false, 40, 'Checked and closed', true),
	('menu_task', 'cancelled', false, true, false, false, 50, 'Not performed (not needed this time)', true),
	('handover', 'planned', true, false, false, false, 10, 'In the handover plan', true),
	('handover', 'in_progress', false, false, false, false, 20, 'Being handed over while doing the real work', true),
	('handover', 'reported', false, false, false, false, 30, 'The handover report agreed by both contractors is submitted (§5.3.2)', true),
	('handover', 'closed', false, true, false, false, 40, 'Handover of the subject complete', true),
	('handover', 'cancelled', false, true, false, false, 50, 'Dropped from the plan', true);

INSERT INTO @extschema@.workflow_transition (kind, from_status, to_status, requires, description, seeded) VALUES
	('failure_recovery', 'reported', 'acknowledged', '{}', 'Response starts (response_started_at)', true),
	('failure_recovery', 'reported', 'cancelled', '{}', 'Not a failure', true),
	('failure_recovery', 'acknowledged', 'investigating', '{}', 'Investigation starts', true),
	('failure_recovery', 'acknowledged', 'mitigated', '{procedure_approved}', 'Recovered at once (a recovery procedure or patch needs its approval)', true),
	('failure_recovery', 'acknowledged', 'cancelled', '{}', 'Not a failure', true),
	('failure_recovery', 'investigating', 'mitigated', '{procedure_approved}', 'Recovery executed (§5.2.4⑤)', true),
	('failure_recovery', 'investigating', 'resolved', '{procedure_approved}', 'Resolved without a separate mitigation', true),
	('failure_recovery', 'mitigated', 'investigating', '{}', 'Mitigation did not hold', true),
	('failure_recovery', 'mitigated', 'resolved', '{}', 'Resolved', true),
	('failure_recovery', 'resolved', 'investigating', '{}', 'Reopened', true),
	('failure_recovery', 'resolved', 'closed', '{major_incident_report,predecessor_confirmation}', 'Closed (§5.2.1④, §5.3.3)', true),
	('modification', 'proposed', 'planned', '{failure_class}', 'Planned (table 1 allows it)', true),
	('modification', 'proposed', 'rejected', '{}', 'Declined', true),
	('modification', 'proposed', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'planned', 'approved', '{failure_class,planned_effort_approved}', 'The city approves the plan (§5.2.3)', true),
	('modification', 'planned', 'rejected', '{}', 'Declined', true),
	('modification', 'planned', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'approved', 'in_progress', '{planned_effort_approved}', 'Work starts (§5.2.3: planned effort approved first)', true),
	('modification', 'approved', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'in_progress', 'testing', '{}', 'Tests start', true),
	('modification', 'in_progress', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'testing', 'in_progress', '{}', 'Rework', true),
	('modification', 'testing', 'release_approved', '{release_ready}', 'Release approved (§5.2.4②⑥)', true),
	('modification', 'testing', 'cancelled', '{}', 'Withdrawn', true),
	('modification', 'release_approved', 'in_progress', '{}', 'Rework after approval (the approval no longer counts)', true),
	('modification', 'release_approved', 'released', '{release_ready}', 'Released to production (§5.2.4⑥)', true),
	('modification', 'released', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('service_request', 'requested', 'accepted', '{}', 'Accepted', true),
	('service_request', 'requested', 'rejected', '{}', 'Not in scope', true),
	('service_request', 'requested', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'accepted', 'in_progress', '{procedure_approved,prior_agreement}', 'Execution starts (§5.2.1⑤⑥)', true),
	('service_request', 'accepted', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'in_progress', 'done', '{}', 'Done', true),
	('service_request', 'in_progress', 'cancelled', '{}', 'Withdrawn', true),
	('service_request', 'done', 'in_progress', '{}', 'More work needed', true),
	('service_request', 'done', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('menu_task', 'scheduled', 'in_progress', '{procedure_approved}', 'Performed per its procedure', true),
	('menu_task', 'scheduled', 'cancelled', '{}', 'Not needed', true),
	('menu_task', 'in_progress', 'done', '{}', 'Done', true),
	('menu_task', 'done', 'closed', '{predecessor_confirmation}', 'Closed (§5.3.3)', true),
	('handover', 'planned', 'in_progress', '{}', 'Handover starts', true),
	('handover', 'planned', 'cancelled', '{}', 'Dropped', true),
	('handover', 'in_progress', 'reported', '{handover_report}', 'Report agreed by both contractors (§5.3.2)', true),
	('handover', 'reported', 'in_progress', '{}', 'More to hand over', true),
	('handover', 'reported', 'closed', '{predecessor_confirmation}', 'Confirmed by the previous contractor (§5.3.3)', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_status', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_transition', 'WHERE NOT seeded');
/*
 * 42_work_item.sql -- work items and what hangs off them: approvals,
 * evidence, deadline changes and the status history.  The enforcing
 * triggers are in 43_workflow.sql.
 */

-- ------------------------------------------------------------ work_item
CREATE TABLE @extschema@.work_item (
	item_id				bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	kind				text NOT NULL,
	sub_kind			text,
	title				text NOT NULL,
	detail				text,
	menu_item_id		bigint,
	performer			text,
	requested_by		bigint,
	requested_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	occurred_at			timestamptz,
	due_on				date,
	scheduled_at		timestamptz,
	status				text NOT NULL,
	status_changed_at	timestamptz NOT NULL,
	status_changed_by	bigint,
	created_by			bigint,
	severity			text NOT NULL DEFAULT 'normal',
	failure_class		text,
	needs_additional_contract boolean NOT NULL DEFAULT false,
	planned_effort		@extschema@.effort,
	planned_effort_set_at timestamptz,
	parent_id			bigint REFERENCES @extschema@.work_item,
	spec_check_for_modification boolean NOT NULL DEFAULT false,
	internal_handover	boolean NOT NULL DEFAULT false,
	immediate_response	boolean NOT NULL DEFAULT true,
	response_due_at		timestamptz,
	response_started_at	timestamptz,
	release_ref			text,
	content_changed_at	timestamptz NOT NULL,
	source				text,
	dedupe_key			text,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT work_item_contract_item_key UNIQUE (contract_id, item_id),
	CONSTRAINT work_item_dedupe_key UNIQUE (contract_id, source, dedupe_key),
	CONSTRAINT work_item_kind_check
		CHECK (kind OPERATOR(pg_catalog.=) ANY ('{menu_task,service_request,failure_recovery,modification,handover}'::text[])),
	CONSTRAINT work_item_status_fkey FOREIGN KEY (kind, status)
		REFERENCES @extschema@.workflow_status (kind, status),
	CONSTRAINT work_item_sub_kind_fkey FOREIGN KEY (kind, sub_kind)
		REFERENCES @extschema@.work_sub_kind (kind, sub_kind),
	CONSTRAINT work_item_menu_item_fkey FOREIGN KEY (contract_id, menu_item_id)
		REFERENCES @extschema@.menu_item (contract_id, menu_item_id),
	CONSTRAINT work_item_requested_by_fkey FOREIGN KEY (contract_id, requested_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_created_by_fkey FOREIGN KEY (contract_id, created_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_status_changed_by_fkey FOREIGN KEY (contract_id, status_changed_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT work_item_menu_task_check
		CHECK ((kind OPERATOR(pg_catalog.=) 'menu_task') OPERATOR(pg_catalog.=) (menu_item_id IS NOT NULL)),
	CONSTRAINT work_item_performer_check
		CHECK (performer OPERATOR(pg_catalog.=) ANY ('{operator,vendor}'::text[])),
	CONSTRAINT work_item_severity_check
		CHECK (severity OPERATOR(pg_catalog.=) ANY ('{normal,major}'::text[])),
	CONSTRAINT work_item_failure_class_check
		CHECK (failure_class IS NULL
			   OR (failure_class OPERATOR(pg_catalog.=) ANY ('{A,B,C,D}'::text[])
				   AND kind OPERATOR(pg_catalog.=) 'failure_recovery')),
	CONSTRAINT work_item_occurred_at_check
		CHECK (occurred_at IS NOT NULL OR kind OPERATOR(pg_catalog.<>) 'failure_recovery'),
	CONSTRAINT work_item_spec_check_check
		CHECK (NOT spec_check_for_modification OR kind OPERATOR(pg_catalog.=) 'service_request'),
	CONSTRAINT work_item_internal_handover_check
		CHECK (NOT internal_handover OR kind OPERATOR(pg_catalog.=) 'handover'),
	CONSTRAINT work_item_parent_check
		CHECK (parent_id OPERATOR(pg_catalog.<>) item_id),
	CONSTRAINT work_item_dedupe_check
		CHECK ((source IS NULL) OPERATOR(pg_catalog.=) (dedupe_key IS NULL))
);
COMMENT ON TABLE @extschema@.work_item IS
  'One piece of O&M work: a menu task, a service request, a failure recovery, a conservative modification or handover work; its status is governed by the workflow engine';
COMMENT ON COLUMN @extschema@.work_item.item_id IS 'Identifier of the work item';
COMMENT ON COLUMN @extschema@.work_item.contract_id IS 'Contract the work is done under';
COMMENT ON COLUMN @extschema@.work_item.kind IS 'menu_task (§5.1), service_request (§5.2.1), failure_recovery (§5.2.2), modification (§5.2.3) or handover (§5.3)';
COMMENT ON COLUMN @extschema@.work_item.sub_kind IS 'Sub-kind within the kind (omledger.work_sub_kind), e.g. data_patch; decides rules 1 and 5';
COMMENT ON COLUMN @extschema@.work_item.title IS 'Short title';
COMMENT ON COLUMN @extschema@.work_item.detail IS 'Description of the work; a change bumps content_changed_at';
COMMENT ON COLUMN @extschema@.work_item.menu_item_id IS 'For a menu task: the menu revision performed (required for menu_task, NULL otherwise)';
COMMENT ON COLUMN @extschema@.work_item.performer IS 'Who performs the work: operator or vendor; NULL if not yet assigned';
COMMENT ON COLUMN @extschema@.work_item.requested_by IS 'Person who requested or reported the work (a roster entry); defaults to the person who entered the item';
COMMENT ON COLUMN @extschema@.work_item.requested_at IS 'When the work was requested or reported';
COMMENT ON COLUMN @extschema@.work_item.occurred_at IS 'For a failure: when it occurred or was detected (the response clock starts here); required for failure_recovery';
COMMENT ON COLUMN @extschema@.work_item.due_on IS 'The originally agreed due date; later agreed changes are in omledger.deadline_change (see omledger.work_item_due)';
COMMENT ON COLUMN @extschema@.work_item.scheduled_at IS 'When the work is scheduled to take place (for closed-day attendance: the day of the attendance)';
COMMENT ON COLUMN @extschema@.work_item.status IS 'Current status in the kind''s state machine (omledger.workflow_status); an item starts in its kind''s initial status and changes only through allowed transitions (omledger.workflow_transition)';
COMMENT ON COLUMN @extschema@.work_item.status_changed_at IS 'When the current status was entered: requested_at on creation, now() on a status change, or an earlier time the statement supplies (entering paper records), never before the previous change nor in the future';
COMMENT ON COLUMN @extschema@.work_item.status_changed_by IS 'Roster entry that made the last status change (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.work_item.created_by IS 'Roster entry that entered the item (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.work_item.severity IS 'normal or major: major is a failure affecting residents or most users of the systems, actually or possibly (重大障害, §5.2.1④)';
COMMENT ON COLUMN @extschema@.work_item.failure_class IS 'For a failure: class A, B, C or D of table 1 (§5.2.3.1); NULL while unclassified';
COMMENT ON COLUMN @extschema@.work_item.needs_additional_contract IS 'Set by the workflow trigger on a modification whose originating failure is class D: an additional contract is needed as a rule (table 1)';
COMMENT ON COLUMN @extschema@.work_item.planned_effort IS 'Planned effort presented to the city before work starts (§5.2.3); a change bumps planned_effort_set_at';
COMMENT ON COLUMN @extschema@.work_item.planned_effort_set_at IS 'When planned_effort was last set (requested_at on creation, now() on a change); a planned_effort approval counts only if decided at or after it';
COMMENT ON COLUMN @extschema@.work_item.parent_id IS 'The item this one arises from: a modification''s originating failure, a data patch''s incident';
COMMENT ON COLUMN @extschema@.work_item.spec_check_for_modification IS 'Service work that checks specifications premised on a conservative modification: its effort counts as modification effort (§5.2.1②)';
COMMENT ON COLUMN @extschema@.work_item.internal_handover IS 'Handover caused by a staff change inside the contractor: recorded but not counted (§5.3)';
COMMENT ON COLUMN @extschema@.work_item.immediate_response IS 'For a failure: whether an immediate response is needed (tables 3 and 4); passed to response_due';
COMMENT ON COLUMN @extschema@.work_item.response_due_at IS 'For a failure: when the response must start, computed by response_due when the failure is reported and stored; never recomputed';
COMMENT ON COLUMN @extschema@.work_item.response_started_at IS 'For a failure: when the response started (the time of the transition to acknowledged); never changed afterwards';
COMMENT ON COLUMN @extschema@.work_item.release_ref IS 'Reference of the release material (tag, commit, package id); a change bumps content_changed_at';
COMMENT ON COLUMN @extschema@.work_item.content_changed_at IS 'The last change to the item (rule 3): requested_at on creation; bumped to now() when title, detail, sub_kind, release_ref or the item''s systems change and to the status time when the item enters a status marked bumps_content (rework); release evidence and the release approval must be later';
COMMENT ON COLUMN @extschema@.work_item.source IS 'External system that reported the item (with dedupe_key: idempotent intake)';
COMMENT ON COLUMN @extschema@.work_item.dedupe_key IS 'Key of the item in the source system; unique per contract and source';
COMMENT ON COLUMN @extschema@.work_item.created_at IS 'When the item was entered into the ledger';
CREATE INDEX work_item_status_idx ON @extschema@.work_item (contract_id, kind, status);
CREATE INDEX work_item_parent_idx ON @extschema@.work_item (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX work_item_menu_item_idx ON @extschema@.work_item (contract_id, menu_item_id) WHERE menu_item_id IS NOT NULL;
CREATE INDEX work_item_requested_by_idx ON @extschema@.work_item (contract_id, requested_by);
CREATE INDEX work_item_created_by_idx ON @extschema@.work_item (contract_id, created_by);
CREATE INDEX work_item_status_changed_by_idx ON @extschema@.work_item (contract_id, status_changed_by);
CREATE INDEX work_item_kind_status_idx ON @extschema@.work_item (kind, status);
CREATE INDEX work_item_sub_kind_idx ON @extschema@.work_item (kind, sub_kind);
CREATE INDEX work_item_due_idx ON @extschema@.work_item (due_on) WHERE due_on IS NOT NULL;

CREATE TABLE @extschema@.work_item_system (
	item_id				bigint NOT NULL REFERENCES @extschema@.work_item ON DELETE CASCADE,
	system_code			text NOT NULL REFERENCES @extschema@.system,
	PRIMARY KEY (item_id, system_code)
);
COMMENT ON TABLE @extschema@.work_item_system IS 'The systems a work item concerns';
COMMENT ON COLUMN @extschema@.work_item_system.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.work_item_system.system_code IS 'One system it concerns';
CREATE INDEX work_item_system_system_idx ON @extschema@.work_item_system (system_code);

-- ------------------------------------------------------------- approval
CREATE TABLE @extschema@.approval_subject (
	subject				text PRIMARY KEY,
	description			text NOT NULL,
	seeded				boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.approval_subject IS 'What an approval can be about; a city may add its own';
COMMENT ON COLUMN @extschema@.approval_subject.subject IS 'Name of the subject';
COMMENT ON COLUMN @extschema@.approval_subject.description IS 'What approving it means';
COMMENT ON COLUMN @extschema@.approval_subject.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
INSERT INTO @extschema@.approval_subject (subject, description, seeded) VALUES
	('procedure', 'A procedure document (作業手順書) explained to and approved by the city before execution (§5.2.1⑥, §5.2.4⑤)', true),
	('planned_effort', 'The planned effort of a modification, presented before work starts (§5.2.3)', true),
	('release', 'Release to production by the city''s staff after staging tests and Jenkins (§5.2.4⑥)', true),
	('estimate', 'An impact analysis and estimate (影響調査結果及び見積書, §5.2.1④)', true),
	('closed_day_attendance', 'The agreement on attendance on a closed day, made in advance (§5.2.1⑤)', true),
	('deadline_change', 'A new due date agreed before the old one passes (§5.2.4⑨); subject_ref names the deadline_change_id', true),
	('class_b_decision', 'The joint decision to modify for a class B failure (table 1)', true),
	('reopen_month', 'Reopening a closed month for effort logging; subject_ref names the month', true),
	('cap_extension', 'An additional contract raising an effort cap (§5.2.1.2, §5.2.3.2)', true),
	('roster_change', 'A change of the roster or of the designated roles (§6)', true);

CREATE TABLE @extschema@.approval (
	approval_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint,
	subject				text NOT NULL REFERENCES @extschema@.approval_subject,
	subject_ref			text,
	approver_id			bigint NOT NULL,
	decision			text NOT NULL,
	decided_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	note				text,
	CONSTRAINT approval_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT approval_approver_fkey FOREIGN KEY (contract_id, approver_id)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT approval_decision_check
		CHECK (decision OPERATOR(pg_catalog.=) ANY ('{approved,rejected}'::text[])),
	CONSTRAINT approval_recorded_check CHECK (decided_at OPERATOR(pg_catalog.<=) recorded_at),
	CONSTRAINT approval_target_check CHECK (item_id IS NOT NULL OR subject_ref IS NOT NULL)
);
COMMENT ON TABLE @extschema@.approval IS
  'Who approved or rejected what, when; only a city person approves, never their own request; rows are immutable';
COMMENT ON COLUMN @extschema@.approval.approval_id IS 'Identifier of the approval';
COMMENT ON COLUMN @extschema@.approval.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.approval.item_id IS 'The work item approved, NULL for a subject that is not an item (then subject_ref names it)';
COMMENT ON COLUMN @extschema@.approval.subject IS 'What is approved (omledger.approval_subject)';
COMMENT ON COLUMN @extschema@.approval.subject_ref IS 'Identifies a non-item subject (e.g. 2025-10 for reopen_month) or a part of the item (the deadline_change_id of a deadline_change)';
COMMENT ON COLUMN @extschema@.approval.approver_id IS 'The city person who decided (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.approval.decision IS 'approved or rejected';
COMMENT ON COLUMN @extschema@.approval.decided_at IS 'When the decision was made (may be earlier than recorded_at for a decision on paper)';
COMMENT ON COLUMN @extschema@.approval.recorded_at IS 'When the decision was entered into the ledger';
COMMENT ON COLUMN @extschema@.approval.note IS 'Free-text note (conditions, reasons)';
CREATE INDEX approval_item_idx ON @extschema@.approval (item_id, subject, decided_at) WHERE item_id IS NOT NULL;
CREATE INDEX approval_subject_ref_idx ON @extschema@.approval (contract_id, subject, subject_ref);
CREATE INDEX approval_approver_idx ON @extschema@.approval (contract_id, approver_id);

-- ------------------------------------------------------------- evidence
CREATE TABLE @extschema@.evidence_type (
	evidence_type		text PRIMARY KEY,
	description			text NOT NULL,
	seeded				boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.evidence_type IS 'Types of evidence; a city may add its own';
COMMENT ON COLUMN @extschema@.evidence_type.evidence_type IS 'Name of the type';
COMMENT ON COLUMN @extschema@.evidence_type.description IS 'What the evidence shows';
COMMENT ON COLUMN @extschema@.evidence_type.seeded IS 'True for rows shipped with the extension (read-only, not dumped)';
INSERT INTO @extschema@.evidence_type (evidence_type, description, seeded) VALUES
	('staging_test', 'Tests run in the staging environment per the test definition, with evidence (§5.2.4②⑥)', true),
	('jenkins_run', 'A run of the city''s Jenkins on the release material (§5.2.4⑥)', true),
	('inspection', 'An inspection of the deliverables (§5.2.4②)', true),
	('procedure_document', 'A procedure document (作業手順書) for the work (§5.2.4⑤)', true),
	('major_incident_report', 'The major incident report (重大障害報告書, §5.2.1④)', true),
	('predecessor_confirmation', 'The previous contractor''s final confirmation of work done during handover (§5.3.3)', true),
	('minutes', 'Minutes of a meeting (§5.2.1③, §7.7)', true),
	('impact_analysis', 'An impact analysis report (影響調査結果, §5.2.1④)', true),
	('estimate', 'An estimate (見積書, §5.2.1④)', true),
	('monthly_report', 'The monthly report (月次報告書, §5.2.1④)', true),
	('handover_report', 'A weekly or final handover report agreed by both contractors (§5.3.2)', true);

CREATE TABLE @extschema@.evidence (
	evidence_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	evidence_type		text NOT NULL REFERENCES @extschema@.evidence_type,
	reference			text,
	result				text,
	performed_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by			bigint,
	note				text,
	CONSTRAINT evidence_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT evidence_recorded_by_fkey FOREIGN KEY (contract_id, recorded_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT evidence_result_check
		CHECK (result OPERATOR(pg_catalog.=) ANY ('{pass,fail}'::text[])),
	CONSTRAINT evidence_recorded_check CHECK (performed_at OPERATOR(pg_catalog.<=) recorded_at)
);
COMMENT ON TABLE @extschema@.evidence IS
  'Typed evidence on a work item (tests, Jenkins runs, inspections, reports, confirmations); rows are immutable, a correction is a new row';
COMMENT ON COLUMN @extschema@.evidence.evidence_id IS 'Identifier of the evidence';
COMMENT ON COLUMN @extschema@.evidence.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.evidence.item_id IS 'The work item it is evidence for';
COMMENT ON COLUMN @extschema@.evidence.evidence_type IS 'Type of the evidence (omledger.evidence_type)';
COMMENT ON COLUMN @extschema@.evidence.reference IS 'Where it is: a URL, a document id, a Jenkins build number';
COMMENT ON COLUMN @extschema@.evidence.result IS 'pass or fail for tests, runs and inspections; NULL for documents';
COMMENT ON COLUMN @extschema@.evidence.performed_at IS 'When the test, run, inspection or confirmation took place; rule 3 compares it with content_changed_at';
COMMENT ON COLUMN @extschema@.evidence.recorded_at IS 'When the evidence was entered into the ledger';
COMMENT ON COLUMN @extschema@.evidence.recorded_by IS 'Roster entry that recorded it (the person mapped to current_user)';
COMMENT ON COLUMN @extschema@.evidence.note IS 'Free-text note';
CREATE INDEX evidence_item_idx ON @extschema@.evidence (item_id, evidence_type, performed_at);
CREATE INDEX evidence_recorded_by_idx ON @extschema@.evidence (contract_id, recorded_by);
CREATE INDEX evidence_type_idx ON @extschema@.evidence (evidence_type);

-- ------------------------------------------------------ deadline_change
CREATE TABLE @extschema@.deadline_change (
	deadline_change_id	bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	old_due_on			date,
	new_due_on			date NOT NULL,
	reason				text NOT NULL,
	expected_completion	date NOT NULL,
	notified_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	late_notice			boolean NOT NULL DEFAULT false,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	recorded_by			bigint,
	CONSTRAINT deadline_change_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT deadline_change_recorded_by_fkey FOREIGN KEY (contract_id, recorded_by)
		REFERENCES @extschema@.person (contract_id, person_id),
	CONSTRAINT deadline_change_completion_check
		CHECK (expected_completion OPERATOR(pg_catalog.<=) new_due_on)
);
COMMENT ON TABLE @extschema@.deadline_change IS
  'A deadline that will be missed (§5.2.4⑨): reason and expected completion told to the city, and the new due date; agreed by a deadline_change approval whose subject_ref is the deadline_change_id';
COMMENT ON COLUMN @extschema@.deadline_change.deadline_change_id IS 'Identifier of the change';
COMMENT ON COLUMN @extschema@.deadline_change.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.deadline_change.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.deadline_change.old_due_on IS 'The due date in force when the change was recorded (filled in by the trigger)';
COMMENT ON COLUMN @extschema@.deadline_change.new_due_on IS 'The proposed new due date';
COMMENT ON COLUMN @extschema@.deadline_change.reason IS 'Why the old date cannot be met';
COMMENT ON COLUMN @extschema@.deadline_change.expected_completion IS 'Expected completion date (完了目途), no later than the new due date';
COMMENT ON COLUMN @extschema@.deadline_change.notified_at IS 'When the city was told';
COMMENT ON COLUMN @extschema@.deadline_change.late_notice IS 'Set by the trigger: the city was told after the old due date had passed (Japan time); accepted, but late';
COMMENT ON COLUMN @extschema@.deadline_change.recorded_at IS 'When the change was entered into the ledger';
COMMENT ON COLUMN @extschema@.deadline_change.recorded_by IS 'Roster entry that recorded it (the person mapped to current_user)';
CREATE INDEX deadline_change_item_idx ON @extschema@.deadline_change (item_id);
CREATE INDEX deadline_change_recorded_by_idx ON @extschema@.deadline_change (contract_id, recorded_by);

-- ------------------------------------------------------ work_item_event
CREATE TABLE @extschema@.work_item_event (
	event_id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	contract_id			bigint NOT NULL REFERENCES @extschema@.contract,
	item_id				bigint NOT NULL,
	from_status			text,
	to_status			text NOT NULL,
	occurred_at			timestamptz NOT NULL,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	actor_id			bigint,
	db_user				name NOT NULL DEFAULT CURRENT_USER,
	CONSTRAINT work_item_event_item_fkey FOREIGN KEY (contract_id, item_id)
		REFERENCES @extschema@.work_item (contract_id, item_id),
	CONSTRAINT work_item_event_actor_fkey FOREIGN KEY (contract_id, actor_id)
		REFERENCES @extschema@.person (contract_id, person_id)
);
COMMENT ON TABLE @extschema@.work_item_event IS
  'The history of every status change of every work item, written by the workflow trigger; append-only';
COMMENT ON COLUMN @extschema@.work_item_event.event_id IS 'Identifier of the event; increases with time within an item';
COMMENT ON COLUMN @extschema@.work_item_event.contract_id IS 'Contract it belongs to (the item''s contract)';
COMMENT ON COLUMN @extschema@.work_item_event.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.work_item_event.from_status IS 'Status before the change, NULL when the item was created';
COMMENT ON COLUMN @extschema@.work_item_event.to_status IS 'Status after the change';
COMMENT ON COLUMN @extschema@.work_item_event.occurred_at IS 'When the change happened (the item''s status_changed_at)';
COMMENT ON COLUMN @extschema@.work_item_event.recorded_at IS 'When the change was entered into the ledger';
COMMENT ON COLUMN @extschema@.work_item_event.actor_id IS 'Roster entry that made the change';
COMMENT ON COLUMN @extschema@.work_item_event.db_user IS 'Database role that made the change (current_user)';
CREATE INDEX work_item_event_item_idx ON @extschema@.work_item_event (item_id, event_id);
CREATE INDEX work_item_event_actor_idx ON @extschema@.work_item_event (contract_id, actor_id);
CREATE INDEX work_item_event_occurred_idx ON @extschema@.work_item_event (contract_id, occurred_at);

-- ------------------------------------------------ pg_dump of user data
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_system', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval_subject', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence_type', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_change', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_event', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_item_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval_approval_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.evidence_evidence_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_change_deadline_change_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_item_event_event_id_seq', '');
/*
 * 43_workflow.sql -- the workflow engine: the C triggers that enforce the
 * contract on the ledger (src/workflow.c), the due date in force, the
 * overdue view, and workflow_dot().  See doc/workflow.md.
 */

CREATE FUNCTION @extschema@.work_item_workflow() RETURNS trigger
  AS 'MODULE_PATHNAME', 'work_item_workflow'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.work_item_workflow() IS
  'Trigger on omledger.work_item: BEFORE INSERT/UPDATE checks the transition, its preconditions and who acts (rules 1-8, 10) and keeps the item''s clocks; AFTER INSERT/UPDATE OF status records the work_item_event';

CREATE FUNCTION @extschema@.ledger_record_guard() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_record_guard'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_record_guard() IS
  'BEFORE INSERT trigger on approval, evidence and deadline_change: who may record it (rule 8), the item lock, late notice (rule 9)';

CREATE FUNCTION @extschema@.ledger_history_immutable() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_history_immutable'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_history_immutable() IS
  'BEFORE UPDATE/DELETE/TRUNCATE trigger that refuses to change append-only history (SQLSTATE OM214)';

CREATE FUNCTION @extschema@.ledger_protect_seeded() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ledger_protect_seeded'
  LANGUAGE C;
COMMENT ON FUNCTION @extschema@.ledger_protect_seeded() IS
  'BEFORE trigger that keeps the rows shipped with the extension (seeded = true) read-only (SQLSTATE OM217)';

CREATE FUNCTION @extschema@.workflow_dot(kind text) RETURNS text
  AS 'MODULE_PATHNAME', 'workflow_dot'
  LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workflow_dot(text) IS
  'The state machine of a kind of work (as the workflow tables define it now) as a Graphviz DOT digraph';

CREATE FUNCTION @extschema@.ledger_bulk_loading() RETURNS boolean
  AS 'MODULE_PATHNAME', 'ledger_bulk_loading'
  LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.ledger_bulk_loading() IS
  'True while a superuser''s COPY FROM is loading rows (as pg_restore does): the ledger''s triggers then take rows as history';

-- The due date in force: the latest agreed deadline change, else due_on.
CREATE FUNCTION @extschema@.work_item_due(item_id bigint) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
	SELECT COALESCE(
		(SELECT d.new_due_on
		 FROM @extschema@.deadline_change AS d
		 WHERE d.item_id OPERATOR(pg_catalog.=) $1
		   AND (SELECT a.decision
				FROM @extschema@.approval AS a
				WHERE a.item_id OPERATOR(pg_catalog.=) d.item_id
				  AND a.subject OPERATOR(pg_catalog.=) 'deadline_change'
				  AND a.subject_ref OPERATOR(pg_catalog.=) d.deadline_change_id::pg_catalog.text
				ORDER BY a.decided_at DESC, a.approval_id DESC
				LIMIT 1) OPERATOR(pg_catalog.=) 'approved'
		 ORDER BY d.deadline_change_id DESC
		 LIMIT 1),
		(SELECT w.due_on FROM @extschema@.work_item AS w WHERE w.item_id OPERATOR(pg_catalog.=) $1))
$$;
COMMENT ON FUNCTION @extschema@.work_item_due(bigint) IS
  'The due date in force for a work item: the new date of its latest agreed deadline change, else its due_on (NULL if none)';

CREATE VIEW @extschema@.overdue_items AS
SELECT w.item_id, w.contract_id, w.kind, w.sub_kind, w.title, w.status,
	   w.due_on,
	   d.effective_due_on,
	   (t.today OPERATOR(pg_catalog.-) d.effective_due_on) AS days_overdue,
	   EXISTS (SELECT 1 FROM @extschema@.deadline_change AS c
			   WHERE c.item_id OPERATOR(pg_catalog.=) w.item_id
				 AND c.new_due_on OPERATOR(pg_catalog.>) d.effective_due_on) AS change_pending
FROM @extschema@.work_item AS w
JOIN @extschema@.workflow_status AS s
  ON s.kind OPERATOR(pg_catalog.=) w.kind AND s.status OPERATOR(pg_catalog.=) w.status
CROSS JOIN LATERAL (SELECT @extschema@.work_item_due(w.item_id) AS effective_due_on) AS d
CROSS JOIN LATERAL (SELECT (pg_catalog.now() AT TIME ZONE 'Asia/Tokyo')::pg_catalog.date AS today) AS t
WHERE NOT s.is_terminal
  AND d.effective_due_on OPERATOR(pg_catalog.<) t.today;
COMMENT ON VIEW @extschema@.overdue_items IS
  'Rule 9: unfinished work items past the due date in force (today in Japan time) with no agreed change';
COMMENT ON COLUMN @extschema@.overdue_items.item_id IS 'The work item';
COMMENT ON COLUMN @extschema@.overdue_items.contract_id IS 'Its contract';
COMMENT ON COLUMN @extschema@.overdue_items.kind IS 'Its kind';
COMMENT ON COLUMN @extschema@.overdue_items.sub_kind IS 'Its sub-kind';
COMMENT ON COLUMN @extschema@.overdue_items.title IS 'Its title';
COMMENT ON COLUMN @extschema@.overdue_items.status IS 'Its status (not a terminal one)';
COMMENT ON COLUMN @extschema@.overdue_items.due_on IS 'The originally agreed due date';
COMMENT ON COLUMN @extschema@.overdue_items.effective_due_on IS 'The due date in force (omledger.work_item_due)';
COMMENT ON COLUMN @extschema@.overdue_items.days_overdue IS 'Calendar days since the due date in force';
COMMENT ON COLUMN @extschema@.overdue_items.change_pending IS 'A later deadline change is recorded but not (yet) agreed';

-- The menu: a revision is a new row; the previous one is kept and closed.
CREATE FUNCTION @extschema@.menu_item_revise() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	prev @extschema@.menu_item;
BEGIN
	-- pg_restore: the rows come back as they were, in heap order
	IF @extschema@.ledger_bulk_loading() THEN
		RETURN NEW;
	END IF;
	IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
		SELECT m.* INTO prev
		FROM @extschema@.menu_item AS m
		WHERE m.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
		  AND m.code OPERATOR(pg_catalog.=) NEW.code
		ORDER BY m.revision DESC
		LIMIT 1
		FOR UPDATE;
		IF NOT FOUND THEN
			NEW.revision := 1;
			NEW.supersedes_id := NULL;
			RETURN NEW;
		END IF;
		IF pg_catalog.lower(NEW.valid) OPERATOR(pg_catalog.<=) pg_catalog.lower(prev.valid) THEN
			RAISE EXCEPTION 'revision of menu task % must start after revision % (%)',
				NEW.code, prev.revision, pg_catalog.lower(prev.valid)
				USING ERRCODE = 'OM214',
					  DETAIL = 'A revision replaces the previous one from its first day on; the previous one is kept.',
					  HINT = 'Give the new revision a validity starting later.';
		END IF;
		NEW.revision := prev.revision OPERATOR(pg_catalog.+) 1;
		NEW.supersedes_id := prev.menu_item_id;
		IF pg_catalog.upper_inf(prev.valid)
		   OR pg_catalog.upper(prev.valid) OPERATOR(pg_catalog.>) pg_catalog.lower(NEW.valid) THEN
			UPDATE @extschema@.menu_item
			SET valid = pg_catalog.daterange(pg_catalog.lower(prev.valid), pg_catalog.lower(NEW.valid))
			WHERE menu_item_id OPERATOR(pg_catalog.=) prev.menu_item_id;
		END IF;
		RETURN NEW;
	END IF;
	-- only the closing of a validity by a new revision (just above)
	IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.>) 1
	   AND ROW(NEW.menu_item_id, NEW.contract_id, NEW.code, NEW.revision, NEW.title, NEW.performer,
			   NEW.system_code, NEW.procedure_ref, NEW.frequency, NEW.supersedes_id, NEW.created_at)
		   IS NOT DISTINCT FROM
		   ROW(OLD.menu_item_id, OLD.contract_id, OLD.code, OLD.revision, OLD.title, OLD.performer,
			   OLD.system_code, OLD.procedure_ref, OLD.frequency, OLD.supersedes_id, OLD.created_at) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'rows of omledger.menu_item cannot be % directly',
		CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
		USING ERRCODE = 'OM214',
			  DETAIL = 'The menu keeps every revision: a change is a new revision.',
			  HINT = 'Insert a new row with the same code; it becomes the next revision and closes the previous one.';
END
$$;
COMMENT ON FUNCTION @extschema@.menu_item_revise() IS
  'Trigger on omledger.menu_item: numbers a new revision, closes the previous one; refuses other changes (OM214)';

-- ------------------------------------------------------------- triggers
CREATE TRIGGER work_item_workflow_before
  BEFORE INSERT OR UPDATE ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow();
COMMENT ON TRIGGER work_item_workflow_before ON @extschema@.work_item IS
  'Enforces the state machine, its preconditions and who acts; keeps the clocks';
CREATE TRIGGER work_item_workflow_after
  AFTER INSERT OR UPDATE OF status ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_workflow();
COMMENT ON TRIGGER work_item_workflow_after ON @extschema@.work_item IS
  'Records every status change in omledger.work_item_event';

CREATE TRIGGER approval_guard BEFORE INSERT ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER approval_guard ON @extschema@.approval IS
  'Only a registered city person approves, never their own request';
CREATE TRIGGER evidence_guard BEFORE INSERT ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER evidence_guard ON @extschema@.evidence IS
  'Only a registered person records evidence';
CREATE TRIGGER deadline_change_guard BEFORE INSERT ON @extschema@.deadline_change
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record_guard();
COMMENT ON TRIGGER deadline_change_guard ON @extschema@.deadline_change IS
  'Fills in the old due date and marks late notice (rule 9)';

CREATE TRIGGER approval_immutable BEFORE UPDATE OR DELETE ON @extschema@.approval
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER approval_immutable ON @extschema@.approval IS 'Decided approvals are immutable';
CREATE TRIGGER approval_no_truncate BEFORE TRUNCATE ON @extschema@.approval
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER approval_no_truncate ON @extschema@.approval IS 'Decided approvals are immutable';
CREATE TRIGGER evidence_immutable BEFORE UPDATE OR DELETE ON @extschema@.evidence
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER evidence_immutable ON @extschema@.evidence IS 'Evidence is append-only';
CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON @extschema@.evidence
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER evidence_no_truncate ON @extschema@.evidence IS 'Evidence is append-only';
CREATE TRIGGER deadline_change_immutable BEFORE UPDATE OR DELETE ON @extschema@.deadline_change
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER deadline_change_immutable ON @extschema@.deadline_change IS 'Deadline changes are append-only';
CREATE TRIGGER deadline_change_no_truncate BEFORE TRUNCATE ON @extschema@.deadline_change
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER deadline_change_no_truncate ON @extschema@.deadline_change IS 'Deadline changes are append-only';
CREATE TRIGGER work_item_event_immutable BEFORE UPDATE OR DELETE ON @extschema@.work_item_event
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER work_item_event_immutable ON @extschema@.work_item_event IS 'The status history is append-only';
CREATE TRIGGER work_item_event_no_truncate BEFORE TRUNCATE ON @extschema@.work_item_event
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_history_immutable();
COMMENT ON TRIGGER work_item_event_no_truncate ON @extschema@.work_item_event IS 'The status history is append-only';

CREATE TRIGGER menu_item_revise BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.menu_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.menu_item_revise();
COMMENT ON TRIGGER menu_item_revise ON @extschema@.menu_item IS
  'A revision is a new row; the old one is kept';

CREATE TRIGGER system_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.system
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER system_protect_seeded ON @extschema@.system IS 'Seeded rows are read-only';
CREATE TRIGGER work_sub_kind_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.work_sub_kind
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER work_sub_kind_protect_seeded ON @extschema@.work_sub_kind IS 'Seeded rows are read-only';
CREATE TRIGGER approval_subject_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.approval_subject
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER approval_subject_protect_seeded ON @extschema@.approval_subject IS 'Seeded rows are read-only';
CREATE TRIGGER evidence_type_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.evidence_type
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER evidence_type_protect_seeded ON @extschema@.evidence_type IS 'Seeded rows are read-only';
CREATE TRIGGER workflow_status_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_status
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER workflow_status_protect_seeded ON @extschema@.workflow_status IS 'Seeded rows are read-only';
CREATE TRIGGER workflow_transition_protect_seeded BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_transition
  FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_protect_seeded();
COMMENT ON TRIGGER workflow_transition_protect_seeded ON @extschema@.workflow_transition IS 'Seeded rows are read-only';

-- ====================================================================
-- caps: effort logging against contract caps (new in 0.2)
-- §5.2.1.2 service requests: ~48 person-months over the term, at most 3 a
-- month; §5.2.3.2 conservative modifications: ~12 over the term, about 1 a
-- month; failure recovery uncapped.  The caps are data (effort_cap, seeded
-- from effort_cap_default when a contract is created); the running totals
-- (effort_total) are kept by a C trigger on effort_log that refuses any
-- change taking a hard cap over its limit.  See doc/effort-caps.md.
-- ====================================================================

-- ------------------------------------------------------ charge category
CREATE FUNCTION @extschema@.charge_category(kind text, spec_check_for_modification boolean)
  RETURNS text
  AS 'MODULE_PATHNAME', 'charge_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.charge_category(text, boolean) IS
  'the cap category effort on a work item of this kind is charged to (§5.2.1②: a spec check for a modification is modification effort)';

-- --------------------------------------------------------- the effort log
CREATE TABLE @extschema@.effort_log (
  entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES @extschema@.work_item,
  person_id bigint NOT NULL REFERENCES @extschema@.person,
  work_date date NOT NULL,
  effort @extschema@.effort NOT NULL,
  note text,
  entered_by name NOT NULL DEFAULT CURRENT_USER,
  entered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  corrects bigint REFERENCES @extschema@.effort_log,
  CONSTRAINT effort_log_positive
    CHECK (corrects IS NOT NULL OR effort OPERATOR(@extschema@.>) '0'::@extschema@.effort),
  CONSTRAINT effort_log_nonzero
    CHECK (effort OPERATOR(@extschema@.<>) '0'::@extschema@.effort),
  CONSTRAINT effort_log_not_self CHECK (corrects OPERATOR(pg_catalog.<>) entry_id)
);
CREATE UNIQUE INDEX effort_log_one_a_day ON @extschema@.effort_log (item_id, person_id, work_date)
  WHERE corrects IS NULL;
CREATE INDEX effort_log_corrects ON @extschema@.effort_log (corrects) WHERE corrects IS NOT NULL;
CREATE INDEX effort_log_person_date ON @extschema@.effort_log (person_id, work_date);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_log_entry_id_seq', '');
COMMENT ON SEQUENCE @extschema@.effort_log_entry_id_seq IS 'identity of effort_log';
COMMENT ON TABLE @extschema@.effort_log IS
  'effort: one row per person per work item per day of work; corrections are extra rows that reference the entry they correct';
COMMENT ON COLUMN @extschema@.effort_log.entry_id IS 'identity of the entry';
COMMENT ON COLUMN @extschema@.effort_log.item_id IS 'the work item the effort was spent on (its kind gives the charge category)';
COMMENT ON COLUMN @extschema@.effort_log.person_id IS 'who worked: a roster entry of the item''s contract registered on work_date';
COMMENT ON COLUMN @extschema@.effort_log.work_date IS 'the day of work; its calendar month is the fiscal month the effort counts in';
COMMENT ON COLUMN @extschema@.effort_log.effort IS 'the effort (positive; a correction may be negative)';
COMMENT ON COLUMN @extschema@.effort_log.note IS 'free text';
COMMENT ON COLUMN @extschema@.effort_log.entered_by IS 'the database role that entered the row';
COMMENT ON COLUMN @extschema@.effort_log.entered_at IS 'when the row was entered';
COMMENT ON COLUMN @extschema@.effort_log.corrects IS
  'for a correction: the entry it corrects (same item and person), typically in a closed month';

CREATE VIEW @extschema@.effort_entry AS
  SELECT e.entry_id, e.item_id, e.person_id, e.work_date, e.effort, e.note,
         e.entered_by, e.entered_at, e.corrects, w.contract_id,
         @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
         NOT w.internal_handover AS counted,
         @extschema@.fiscal_period(e.work_date, 'month') AS month
    FROM @extschema@.effort_log e
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id;
COMMENT ON VIEW @extschema@.effort_entry IS
  'effort_log with the contract, the charge category, whether it counts against the caps (§5.3: a staff change inside the contractor does not) and the fiscal month';
COMMENT ON COLUMN @extschema@.effort_entry.entry_id IS 'The entry (effort_log.entry_id)';
COMMENT ON COLUMN @extschema@.effort_entry.item_id IS 'The work item the effort was spent on';
COMMENT ON COLUMN @extschema@.effort_entry.person_id IS 'Who worked (a roster entry)';
COMMENT ON COLUMN @extschema@.effort_entry.work_date IS 'The day of work';
COMMENT ON COLUMN @extschema@.effort_entry.effort IS 'The effort (negative for a correction)';
COMMENT ON COLUMN @extschema@.effort_entry.note IS 'Free text';
COMMENT ON COLUMN @extschema@.effort_entry.entered_by IS 'The database role that entered the row';
COMMENT ON COLUMN @extschema@.effort_entry.entered_at IS 'When the row was entered';
COMMENT ON COLUMN @extschema@.effort_entry.corrects IS 'For a correction: the entry it corrects';
COMMENT ON COLUMN @extschema@.effort_entry.contract_id IS 'The contract of the work item';
COMMENT ON COLUMN @extschema@.effort_entry.category IS 'The charge category derived from the item (omledger.charge_category): menu, service, failure_recovery, modification or handover';
COMMENT ON COLUMN @extschema@.effort_entry.counted IS 'False for handover inside the contractor (§5.3), which is recorded but not counted against any cap';
COMMENT ON COLUMN @extschema@.effort_entry.month IS 'The fiscal month of work_date';

-- ------------------------------------------------------------------ caps
-- The columns that effort_cap_default, effort_cap and cap_extension share,
-- defined once.
CREATE DOMAIN @extschema@.charge_category_name AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{menu,service,failure_recovery,modification,handover}'::text[]));
COMMENT ON DOMAIN @extschema@.charge_category_name IS
  'a charge category: menu, service, failure_recovery, modification or handover';
CREATE DOMAIN @extschema@.cap_scope AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{month,term}'::text[]));
COMMENT ON DOMAIN @extschema@.cap_scope IS
  'what a cap limits: month (every fiscal month) or term (the whole contract)';
CREATE DOMAIN @extschema@.cap_enforcement AS text
  CHECK (VALUE OPERATOR(pg_catalog.=) ANY ('{hard,soft}'::text[]));
COMMENT ON DOMAIN @extschema@.cap_enforcement IS
  'hard: changes over the limit are refused; soft: accepted with a NOTICE';
CREATE DOMAIN @extschema@.cap_alert_percents AS integer[]
  CHECK (pg_catalog.cardinality(VALUE) OPERATOR(pg_catalog.<=) 8
         AND 0 OPERATOR(pg_catalog.<) ALL (VALUE)
         AND 100 OPERATOR(pg_catalog.>=) ALL (VALUE));
COMMENT ON DOMAIN @extschema@.cap_alert_percents IS
  'alert thresholds in percent of a cap: at most 8, each in 1..100';

CREATE TABLE @extschema@.effort_cap_default (
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  amount @extschema@.effort NOT NULL CHECK (amount OPERATOR(@extschema@.>=) '0'::@extschema@.effort),
  enforcement @extschema@.cap_enforcement NOT NULL,
  alert_percent @extschema@.cap_alert_percents NOT NULL DEFAULT '{80,90}',
  seeded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (category, scope)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_cap_default', '');
COMMENT ON TABLE @extschema@.effort_cap_default IS
  'the caps a new contract starts with (copied into effort_cap when a contract is inserted)';
COMMENT ON COLUMN @extschema@.effort_cap_default.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_cap_default.scope IS 'month (every fiscal month) or term (the whole contract)';
COMMENT ON COLUMN @extschema@.effort_cap_default.amount IS 'the limit';
COMMENT ON COLUMN @extschema@.effort_cap_default.enforcement IS 'hard: changes over the limit are refused; soft: they are accepted with a NOTICE';
COMMENT ON COLUMN @extschema@.effort_cap_default.alert_percent IS 'thresholds (percent of the limit) whose crossing sends NOTIFY omledger_cap';
COMMENT ON COLUMN @extschema@.effort_cap_default.seeded IS 'true while the row is the one omledger shipped, unchanged';

INSERT INTO @extschema@.effort_cap_default (category, scope, amount, enforcement, seeded) VALUES
  ('service', 'month', '3pm', 'hard', true),          -- §5.2.1.2 上限は3人月
  ('service', 'term', '48pm', 'hard', true),          -- §5.2.1.2 48人月程度
  ('modification', 'month', '1pm', 'soft', true),     -- §5.2.3.2 おおよそ1人月
  ('modification', 'term', '12pm', 'hard', true);     -- §5.2.3.2 12人月程度

CREATE TABLE @extschema@.effort_cap (
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  amount @extschema@.effort NOT NULL CHECK (amount OPERATOR(@extschema@.>=) '0'::@extschema@.effort),
  enforcement @extschema@.cap_enforcement NOT NULL,
  alert_percent @extschema@.cap_alert_percents NOT NULL DEFAULT '{80,90}',
  seeded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (contract_id, category, scope)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.effort_cap', '');
COMMENT ON TABLE @extschema@.effort_cap IS
  'the caps of a contract: per category a monthly and a term limit, hard or soft, with alert thresholds';
COMMENT ON COLUMN @extschema@.effort_cap.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.effort_cap.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_cap.scope IS 'month (every fiscal month) or term (the whole contract)';
COMMENT ON COLUMN @extschema@.effort_cap.amount IS 'the limit before extensions (cap_extension adds to it)';
COMMENT ON COLUMN @extschema@.effort_cap.enforcement IS 'hard: changes over the limit are refused (OM101, OM102); soft: accepted with a NOTICE';
COMMENT ON COLUMN @extschema@.effort_cap.alert_percent IS 'thresholds (percent of the limit) whose crossing sends NOTIFY omledger_cap';
COMMENT ON COLUMN @extschema@.effort_cap.seeded IS 'true while the row is the default copied at contract creation, unchanged';

CREATE TABLE @extschema@.cap_extension (
  extension_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  category @extschema@.charge_category_name NOT NULL,
  scope @extschema@.cap_scope NOT NULL,
  extra @extschema@.effort NOT NULL CHECK (extra OPERATOR(@extschema@.>) '0'::@extschema@.effort),
  months daterange NOT NULL
    CHECK (NOT pg_catalog.isempty(months) AND NOT pg_catalog.lower_inf(months)
           AND NOT pg_catalog.upper_inf(months)
           AND pg_catalog.lower(months) OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', pg_catalog.lower(months))::date
           AND pg_catalog.upper(months) OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', pg_catalog.upper(months))::date),
  reference text NOT NULL,
  approval_id bigint NOT NULL REFERENCES @extschema@.approval,
  created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  created_by name NOT NULL DEFAULT CURRENT_USER
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cap_extension', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cap_extension_extension_id_seq', '');
COMMENT ON SEQUENCE @extschema@.cap_extension_extension_id_seq IS 'identity of cap_extension';
COMMENT ON TABLE @extschema@.cap_extension IS
  'an additional contract (追加契約) raising a cap: scope month adds extra to the monthly cap of every month in months, scope term adds extra to the term cap';
COMMENT ON COLUMN @extschema@.cap_extension.extension_id IS 'identity';
COMMENT ON COLUMN @extschema@.cap_extension.contract_id IS 'the contract whose cap is raised';
COMMENT ON COLUMN @extschema@.cap_extension.category IS 'charge category';
COMMENT ON COLUMN @extschema@.cap_extension.scope IS 'month: raises each monthly cap in months; term: raises the term cap';
COMMENT ON COLUMN @extschema@.cap_extension.extra IS 'the extra effort';
COMMENT ON COLUMN @extschema@.cap_extension.months IS
  'whole months it applies to, e.g. ''FY2025-Q4''::fiscal_period::daterange or ''[2026-01-01,2026-04-01)''';
COMMENT ON COLUMN @extschema@.cap_extension.reference IS 'the additional contract''s reference (document number)';
COMMENT ON COLUMN @extschema@.cap_extension.approval_id IS 'the city''s approval (subject cap_extension)';
COMMENT ON COLUMN @extschema@.cap_extension.created_at IS 'when it was recorded';
COMMENT ON COLUMN @extschema@.cap_extension.created_by IS 'who recorded it';

-- ----------------------------------------------------------- month close
CREATE TABLE @extschema@.month_close (
  close_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id bigint NOT NULL REFERENCES @extschema@.contract ON DELETE CASCADE,
  month date NOT NULL
    CHECK (month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', month)::date),
  closed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  closed_by name NOT NULL DEFAULT CURRENT_USER,
  note text,
  reopened_at timestamptz,
  reopened_by name,
  reopen_approval_id bigint UNIQUE REFERENCES @extschema@.approval,
  CHECK ((reopened_at IS NULL) OPERATOR(pg_catalog.=) (reopen_approval_id IS NULL))
);
CREATE UNIQUE INDEX month_close_open ON @extschema@.month_close (contract_id, month)
  WHERE reopened_at IS NULL;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.month_close', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.month_close_close_id_seq', '');
COMMENT ON SEQUENCE @extschema@.month_close_close_id_seq IS 'identity of month_close';
COMMENT ON TABLE @extschema@.month_close IS
  'closes and reopenings of fiscal months; a month is closed while it has a row with reopened_at NULL';
COMMENT ON COLUMN @extschema@.month_close.close_id IS 'identity';
COMMENT ON COLUMN @extschema@.month_close.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.month_close.month IS 'the first day of the closed month';
COMMENT ON COLUMN @extschema@.month_close.closed_at IS 'when close_month() closed it';
COMMENT ON COLUMN @extschema@.month_close.closed_by IS 'who closed it';
COMMENT ON COLUMN @extschema@.month_close.note IS 'free text (e.g. the report it was closed after)';
COMMENT ON COLUMN @extschema@.month_close.reopened_at IS 'when reopen_month() reopened it';
COMMENT ON COLUMN @extschema@.month_close.reopened_by IS 'who reopened it';
COMMENT ON COLUMN @extschema@.month_close.reopen_approval_id IS 'the city''s approval of the reopening (subject reopen_month)';

-- ---------------------------------------------- running totals (derived)
-- Not dumped: rebuilt by the effort_log triggers as pg_restore loads the log.
CREATE TABLE @extschema@.effort_total (
  contract_id bigint NOT NULL,
  category text NOT NULL,
  month date NOT NULL,
  stripe integer NOT NULL,
  used bigint NOT NULL,
  allowance bigint CHECK (allowance OPERATOR(pg_catalog.>=) 0),
  PRIMARY KEY (contract_id, category, month, stripe)
) WITH (fillfactor = 50);
COMMENT ON TABLE @extschema@.effort_total IS
  'running totals in minutes per contract, category, fiscal month and stripe, kept by the effort_log triggers (read effort_summary)';
COMMENT ON COLUMN @extschema@.effort_total.contract_id IS 'the contract';
COMMENT ON COLUMN @extschema@.effort_total.category IS 'charge category';
COMMENT ON COLUMN @extschema@.effort_total.month IS 'first day of the fiscal month';
COMMENT ON COLUMN @extschema@.effort_total.stripe IS 'the backend (MyBackendId) that owns this share of the total, so that concurrent writers do not queue on one row';
COMMENT ON COLUMN @extschema@.effort_total.used IS 'minutes of effort counted in this stripe';
COMMENT ON COLUMN @extschema@.effort_total.allowance IS
  'minutes of cap headroom this stripe holds in reserve (NULL: the category is not capped)';

CREATE TABLE @extschema@.cap_guard (
  guard integer PRIMARY KEY CHECK (guard OPERATOR(pg_catalog.=) 1),
  grants bigint NOT NULL
);
INSERT INTO @extschema@.cap_guard VALUES (1, 0);
COMMENT ON TABLE @extschema@.cap_guard IS
  'a single row updated by every transaction that grants cap headroom or adds a summary row: it serialises them (and makes a stale repeatable-read snapshot fail instead of over-granting)';
COMMENT ON COLUMN @extschema@.cap_guard.guard IS 'always 1';
COMMENT ON COLUMN @extschema@.cap_guard.grants IS 'how many times headroom was granted (a counter, for monitoring)';

CREATE VIEW @extschema@.effort_summary AS
  SELECT t.contract_id, t.category, @extschema@.fiscal_period(t.month, 'month') AS month,
         @extschema@.make_effort(min => pg_catalog.sum(t.used)) AS used
    FROM @extschema@.effort_total t
   GROUP BY t.contract_id, t.category, t.month;
COMMENT ON VIEW @extschema@.effort_summary IS
  'the running total of counted effort per contract, charge category and fiscal month';
COMMENT ON COLUMN @extschema@.effort_summary.contract_id IS 'The contract';
COMMENT ON COLUMN @extschema@.effort_summary.category IS 'The charge category';
COMMENT ON COLUMN @extschema@.effort_summary.month IS 'The fiscal month';
COMMENT ON COLUMN @extschema@.effort_summary.used IS 'Counted effort logged in that month and category (all stripes added up)';

-- ----------------------------------------------------- the C triggers
CREATE FUNCTION @extschema@.effort_log_caps() RETURNS trigger
  AS 'MODULE_PATHNAME', 'effort_log_caps' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.effort_log_caps() IS
  'statement trigger on effort_log: roster and month-close checks, running totals, cap enforcement and alerts';

CREATE TRIGGER effort_log_caps_insert AFTER INSERT ON @extschema@.effort_log
  REFERENCING NEW TABLE AS caps_new
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();
CREATE TRIGGER effort_log_caps_update AFTER UPDATE ON @extschema@.effort_log
  REFERENCING OLD TABLE AS caps_old NEW TABLE AS caps_new
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();
CREATE TRIGGER effort_log_caps_delete AFTER DELETE ON @extschema@.effort_log
  REFERENCING OLD TABLE AS caps_old
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_caps();

-- TRUNCATE bypasses row triggers: refuse it while a month is closed, and
-- clear the totals after it.
CREATE FUNCTION @extschema@.effort_log_truncate() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_WHEN OPERATOR(pg_catalog.=) 'BEFORE' THEN
    IF EXISTS (SELECT 1 FROM @extschema@.month_close c WHERE c.reopened_at IS NULL) THEN
      RAISE EXCEPTION 'cannot truncate effort_log while a month is closed'
        USING ERRCODE = 'OM103',
              DETAIL = 'Truncating would remove effort from closed months.',
              HINT = 'Delete the effort of open months with DELETE, or reopen the closed months first.';
    END IF;
  ELSE
    DELETE FROM @extschema@.effort_total;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.effort_log_truncate() IS
  'TRUNCATE on effort_log: refused while a month is closed; clears the running totals';
CREATE TRIGGER effort_log_truncate_before BEFORE TRUNCATE ON @extschema@.effort_log
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_truncate();
CREATE TRIGGER effort_log_truncate_after AFTER TRUNCATE ON @extschema@.effort_log
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.effort_log_truncate();

-- The limits in force for one category and month, in minutes, extensions
-- included; NULL amounts where there is no cap.  Called by the C trigger.
CREATE FUNCTION @extschema@.cap_limits(contract_id bigint, category text, month date,
    OUT month_amount bigint, OUT month_hard boolean, OUT month_alerts integer[],
    OUT term_amount bigint, OUT term_hard boolean, OUT term_alerts integer[])
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.amount, m.hard, m.alerts, t.amount, t.hard, t.alerts
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT @extschema@.effort_minutes(c.amount) OPERATOR(pg_catalog.+) COALESCE((
               SELECT pg_catalog.sum(@extschema@.effort_minutes(x.extra))::bigint
                 FROM @extschema@.cap_extension x
                WHERE x.contract_id OPERATOR(pg_catalog.=) $1
                  AND x.category OPERATOR(pg_catalog.=) $2
                  AND x.scope OPERATOR(pg_catalog.=) 'month'
                  AND x.months OPERATOR(pg_catalog.@>) $3), 0) AS amount,
             c.enforcement OPERATOR(pg_catalog.=) 'hard' AS hard, c.alert_percent AS alerts
        FROM @extschema@.effort_cap c
       WHERE c.contract_id OPERATOR(pg_catalog.=) $1 AND c.category OPERATOR(pg_catalog.=) $2
         AND c.scope OPERATOR(pg_catalog.=) 'month') AS m ON true
    LEFT JOIN LATERAL (
      SELECT @extschema@.effort_minutes(c.amount) OPERATOR(pg_catalog.+) COALESCE((
               SELECT pg_catalog.sum(@extschema@.effort_minutes(x.extra))::bigint
                 FROM @extschema@.cap_extension x
                WHERE x.contract_id OPERATOR(pg_catalog.=) $1
                  AND x.category OPERATOR(pg_catalog.=) $2
                  AND x.scope OPERATOR(pg_catalog.=) 'term'), 0) AS amount,
             c.enforcement OPERATOR(pg_catalog.=) 'hard' AS hard, c.alert_percent AS alerts
        FROM @extschema@.effort_cap c
       WHERE c.contract_id OPERATOR(pg_catalog.=) $1 AND c.category OPERATOR(pg_catalog.=) $2
         AND c.scope OPERATOR(pg_catalog.=) 'term') AS t ON true
$$;
COMMENT ON FUNCTION @extschema@.cap_limits(bigint, text, date) IS
  'the monthly and term limits (minutes, extensions included), enforcement and alert thresholds of a category in a month';

-- ------------------------------------------- caps: seeding and changes
CREATE FUNCTION @extschema@.contract_seed_caps() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO @extschema@.effort_cap (contract_id, category, scope, amount, enforcement, alert_percent, seeded)
  SELECT NEW.contract_id, d.category, d.scope, d.amount, d.enforcement, d.alert_percent, true
    FROM @extschema@.effort_cap_default d;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.contract_seed_caps() IS
  'a new contract gets the caps of effort_cap_default';
CREATE TRIGGER contract_seed_caps AFTER INSERT ON @extschema@.contract
  FOR EACH ROW EXECUTE FUNCTION @extschema@.contract_seed_caps();

-- An explicit row replaces a seeded one with the same key (this is also
-- what lets pg_restore load the dumped rows over the ones seeded while the
-- contracts were restored); editing a seeded row makes it the user's.
-- (A cap row that replaces a seeded one updates it in place: the insert
-- counts as 0 rows.)
CREATE FUNCTION @extschema@.cap_row_replace_seeded() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
    -- the seeded row takes the inserted values; the insert itself is dropped
    IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'effort_cap' THEN
      UPDATE @extschema@.effort_cap c
         SET amount = NEW.amount, enforcement = NEW.enforcement,
             alert_percent = NEW.alert_percent, seeded = NEW.seeded
       WHERE c.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
         AND c.category OPERATOR(pg_catalog.=) NEW.category
         AND c.scope OPERATOR(pg_catalog.=) NEW.scope AND c.seeded;
    ELSE
      UPDATE @extschema@.effort_cap_default c
         SET amount = NEW.amount, enforcement = NEW.enforcement,
             alert_percent = NEW.alert_percent, seeded = NEW.seeded
       WHERE c.category OPERATOR(pg_catalog.=) NEW.category
         AND c.scope OPERATOR(pg_catalog.=) NEW.scope AND c.seeded;
    END IF;
    IF FOUND THEN
      RETURN NULL;
    END IF;
  ELSIF OLD.seeded AND NEW.seeded
        AND (NEW.amount::text, NEW.enforcement, NEW.alert_percent)
            IS DISTINCT FROM (OLD.amount::text, OLD.enforcement, OLD.alert_percent)
        AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.=) 1 THEN
    NEW.seeded := false;
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_row_replace_seeded() IS
  'an inserted cap row replaces a seeded one with the same key; an edited seeded row stops being seeded';
CREATE TRIGGER effort_cap_replace_seeded BEFORE INSERT OR UPDATE ON @extschema@.effort_cap
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_row_replace_seeded();
CREATE TRIGGER effort_cap_default_replace_seeded BEFORE INSERT OR UPDATE ON @extschema@.effort_cap_default
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_row_replace_seeded();

-- A cap or an extension changed: take back every reservation of the
-- contract (waiting for writers that hold one) and check that no hard
-- limit is now below what is already used.
CREATE FUNCTION @extschema@.caps_resync(contract_id bigint) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  UPDATE @extschema@.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1;
  UPDATE @extschema@.effort_total t
     SET allowance = CASE WHEN EXISTS (
           SELECT 1 FROM @extschema@.effort_cap c
            WHERE c.contract_id OPERATOR(pg_catalog.=) t.contract_id
              AND c.category OPERATOR(pg_catalog.=) t.category) THEN 0 END
   WHERE t.contract_id OPERATOR(pg_catalog.=) caps_resync.contract_id;
  FOR r IN
    SELECT s.category, s.month, s.used, s.term_used, l.*
      FROM (SELECT t.category, t.month, pg_catalog.sum(t.used)::bigint AS used,
                   pg_catalog.sum(pg_catalog.sum(t.used)) OVER (PARTITION BY t.category)::bigint AS term_used
              FROM @extschema@.effort_total t
             WHERE t.contract_id OPERATOR(pg_catalog.=) caps_resync.contract_id
             GROUP BY t.category, t.month) s,
           LATERAL @extschema@.cap_limits(caps_resync.contract_id, s.category, s.month) l
     ORDER BY s.category, s.month
  LOOP
    IF r.month_hard AND r.used OPERATOR(pg_catalog.>) r.month_amount THEN
      RAISE EXCEPTION 'hard monthly % cap of contract % would be below the effort already logged in %',
          r.category, contract_id, pg_catalog.to_char(r.month, 'YYYY-MM')
        USING ERRCODE = 'OM106',
              DETAIL = pg_catalog.format('%s is used in %s, the cap would be %s.',
                @extschema@.make_effort(min => r.used), pg_catalog.to_char(r.month, 'YYYY-MM'),
                @extschema@.make_effort(min => r.month_amount)),
              HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
    END IF;
    IF r.term_hard AND r.term_used OPERATOR(pg_catalog.>) r.term_amount THEN
      RAISE EXCEPTION 'hard term % cap of contract % would be below the effort already logged',
          r.category, contract_id
        USING ERRCODE = 'OM106',
              DETAIL = pg_catalog.format('%s is used in the term, the cap would be %s.',
                @extschema@.make_effort(min => r.term_used), @extschema@.make_effort(min => r.term_amount)),
              HINT = 'Correct the effort first, or keep the cap (or its extension) as it is.';
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.caps_resync(bigint) IS
  'after a cap or extension change: take back reserved headroom and check no hard limit is below the effort used';

CREATE FUNCTION @extschema@.cap_changed() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' AND TG_TABLE_NAME OPERATOR(pg_catalog.=) 'effort_cap'
     AND EXISTS (SELECT 1 FROM @extschema@.contract c
                  WHERE c.contract_id OPERATOR(pg_catalog.=) OLD.contract_id) THEN
    RAISE EXCEPTION 'cannot delete the % % cap of contract %', OLD.scope, OLD.category, OLD.contract_id
      USING ERRCODE = 'OM106',
            DETAIL = 'A cap row is removed only with its contract.',
            HINT = 'Make it soft or raise its amount with UPDATE.';
  END IF;
  IF TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN
    PERFORM @extschema@.caps_resync(OLD.contract_id);
  END IF;
  IF TG_OP OPERATOR(pg_catalog.<>) 'DELETE'
     AND (TG_OP OPERATOR(pg_catalog.=) 'INSERT' OR NEW.contract_id OPERATOR(pg_catalog.<>) OLD.contract_id) THEN
    PERFORM @extschema@.caps_resync(NEW.contract_id);
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_changed() IS
  'after a change of effort_cap or cap_extension: resynchronise the running totals of the contract';
CREATE TRIGGER effort_cap_changed AFTER INSERT OR UPDATE OR DELETE ON @extschema@.effort_cap
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_changed();
CREATE TRIGGER cap_extension_changed AFTER INSERT OR UPDATE OR DELETE ON @extschema@.cap_extension
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_changed();

CREATE FUNCTION @extschema@.cap_extension_check() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM @extschema@.approval a
        JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.approver_id
       WHERE a.approval_id OPERATOR(pg_catalog.=) NEW.approval_id
         AND a.contract_id OPERATOR(pg_catalog.=) NEW.contract_id
         AND a.subject OPERATOR(pg_catalog.=) 'cap_extension'
         AND a.decision OPERATOR(pg_catalog.=) 'approved'
         AND p.side OPERATOR(pg_catalog.=) 'city') THEN
    RAISE EXCEPTION 'cap extension of contract % is not approved by the city', NEW.contract_id
      USING ERRCODE = 'OM109',
            DETAIL = pg_catalog.format('Approval %s is not an approved cap_extension decision of a city person on contract %s.',
                                       NEW.approval_id, NEW.contract_id),
            HINT = 'Record the city''s approval (subject cap_extension, decision approved) and reference it.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.cap_extension_check() IS
  'a cap extension needs an approved cap_extension decision of a city person of the same contract';
CREATE TRIGGER cap_extension_check BEFORE INSERT OR UPDATE ON @extschema@.cap_extension
  FOR EACH ROW EXECUTE FUNCTION @extschema@.cap_extension_check();

-- Effort keeps the category it was logged under: an item's charge cannot
-- change once effort is logged on it.
CREATE FUNCTION @extschema@.work_item_charge_frozen() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF (NEW.contract_id, @extschema@.charge_category(NEW.kind, NEW.spec_check_for_modification), NEW.internal_handover)
     IS NOT DISTINCT FROM
     (OLD.contract_id, @extschema@.charge_category(OLD.kind, OLD.spec_check_for_modification), OLD.internal_handover) THEN
    RETURN NEW;
  END IF;
  -- Effort being logged holds a key-share lock on the item (its foreign
  -- key): taking the row lock in exclusive mode waits for such writers, and
  -- makes later ones wait for this change, so the check below sees all
  -- effort and no effort is charged by the category being replaced.
  PERFORM 1 FROM @extschema@.work_item w WHERE w.item_id OPERATOR(pg_catalog.=) OLD.item_id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM @extschema@.effort_log e WHERE e.item_id OPERATOR(pg_catalog.=) OLD.item_id) THEN
    RAISE EXCEPTION 'work item % has effort logged: its charge category cannot change', OLD.item_id
      USING ERRCODE = 'OM108',
            DETAIL = pg_catalog.format('Its effort is charged as %s%s; the change would charge it as %s%s.',
                       @extschema@.charge_category(OLD.kind, OLD.spec_check_for_modification),
                       CASE WHEN OLD.internal_handover THEN ' (not counted)' ELSE '' END,
                       @extschema@.charge_category(NEW.kind, NEW.spec_check_for_modification),
                       CASE WHEN NEW.internal_handover THEN ' (not counted)' ELSE '' END),
            HINT = 'Delete the item''s effort (or correct it in an open month), change the item, then log the effort again.';
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.work_item_charge_frozen() IS
  'refuses changing the contract, kind, spec-check or internal-handover flag of a work item with effort logged';
CREATE TRIGGER work_item_charge_frozen
  BEFORE UPDATE OF contract_id, kind, spec_check_for_modification, internal_handover
  ON @extschema@.work_item
  FOR EACH ROW EXECUTE FUNCTION @extschema@.work_item_charge_frozen();

-- --------------------------------------------------------- month close
CREATE FUNCTION @extschema@.caps_month(period @extschema@.fiscal_period) RETURNS date
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF @extschema@.granularity(period) OPERATOR(pg_catalog.<>) 'month' THEN
    RAISE EXCEPTION 'fiscal period % is not a month', period
      USING ERRCODE = '22023',
            HINT = 'Pass a month such as ''2025-10'' or fiscal_period(date, ''month'').';
  END IF;
  RETURN @extschema@.lower(period);
END
$$;
COMMENT ON FUNCTION @extschema@.caps_month(@extschema@.fiscal_period) IS
  'the first day of a fiscal month (22023 for a period that is not a month)';

CREATE FUNCTION @extschema@.close_month(contract_id bigint, month @extschema@.fiscal_period,
                                        note text DEFAULT NULL) RETURNS bigint
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d date := @extschema@.caps_month(month);
  id bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.contract c
                  WHERE c.contract_id OPERATOR(pg_catalog.=) close_month.contract_id) THEN
    RAISE EXCEPTION 'contract % does not exist', contract_id USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM @extschema@.month_close c
              WHERE c.contract_id OPERATOR(pg_catalog.=) close_month.contract_id
                AND c.month OPERATOR(pg_catalog.=) d AND c.reopened_at IS NULL) THEN
    RAISE EXCEPTION 'month % of contract % is already closed', month, contract_id
      USING ERRCODE = 'OM110';
  END IF;
  -- Wait for every writer of effort in flight; writers after us wait for
  -- our commit and then see the close (see doc/effort-caps.md).
  LOCK TABLE @extschema@.effort_log IN SHARE MODE;
  INSERT INTO @extschema@.month_close (contract_id, month, note)
  VALUES (close_month.contract_id, d, close_month.note)
  RETURNING close_id INTO id;
  RETURN id;
EXCEPTION WHEN unique_violation THEN
  RAISE EXCEPTION 'month % of contract % is already closed', month, contract_id
    USING ERRCODE = 'OM110';
END
$$;
COMMENT ON FUNCTION @extschema@.close_month(bigint, @extschema@.fiscal_period, text) IS
  'freezes a fiscal month of a contract: its effort can no longer be inserted, updated or deleted';

CREATE FUNCTION @extschema@.reopen_month(contract_id bigint, month @extschema@.fiscal_period,
                                         approval_id bigint) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d date := @extschema@.caps_month(month);
  n bigint;
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM @extschema@.approval a
        JOIN @extschema@.person p ON p.person_id OPERATOR(pg_catalog.=) a.approver_id
       WHERE a.approval_id OPERATOR(pg_catalog.=) reopen_month.approval_id
         AND a.contract_id OPERATOR(pg_catalog.=) reopen_month.contract_id
         AND a.subject OPERATOR(pg_catalog.=) 'reopen_month'
         AND a.decision OPERATOR(pg_catalog.=) 'approved'
         AND p.side OPERATOR(pg_catalog.=) 'city'
         AND a.subject_ref OPERATOR(pg_catalog.=) ANY (ARRAY[
               pg_catalog.to_char(d, 'YYYY-MM'),
               @extschema@.fiscal_period_text(reopen_month.month, 'iso')])) THEN
    RAISE EXCEPTION 'reopening month % of contract % is not approved by the city', month, contract_id
      USING ERRCODE = 'OM107',
            DETAIL = pg_catalog.format('Approval %s is not an approved reopen_month decision of a city person on contract %s for %s.',
                                       approval_id, contract_id, pg_catalog.to_char(d, 'YYYY-MM')),
            HINT = pg_catalog.format('Record the city''s approval with subject reopen_month and subject_ref ''%s''.',
                                     pg_catalog.to_char(d, 'YYYY-MM'));
  END IF;
  UPDATE @extschema@.month_close c
     SET reopened_at = pg_catalog.now(), reopened_by = CURRENT_USER,
         reopen_approval_id = reopen_month.approval_id
   WHERE c.contract_id OPERATOR(pg_catalog.=) reopen_month.contract_id
     AND c.month OPERATOR(pg_catalog.=) d AND c.reopened_at IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n OPERATOR(pg_catalog.=) 0 THEN
    RAISE EXCEPTION 'month % of contract % is not closed', month, contract_id
      USING ERRCODE = 'OM110';
  END IF;
EXCEPTION WHEN unique_violation THEN
  RAISE EXCEPTION 'approval % was already used to reopen a month', approval_id
    USING ERRCODE = 'OM107';
END
$$;
COMMENT ON FUNCTION @extschema@.reopen_month(bigint, @extschema@.fiscal_period, bigint) IS
  'reopens a closed fiscal month, given the city''s approval (subject reopen_month, subject_ref ''YYYY-MM'')';

-- ---------------------------------------------------- status, forecast
CREATE FUNCTION @extschema@.cap_status(contract_id bigint, month @extschema@.fiscal_period)
  RETURNS TABLE (category text, month_used @extschema@.effort, month_cap @extschema@.effort,
                 month_enforcement text, month_remaining @extschema@.effort, month_percent numeric,
                 term_used @extschema@.effort, term_cap @extschema@.effort, term_enforcement text,
                 term_remaining @extschema@.effort, term_percent numeric)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT @extschema@.caps_month(cap_status.month) AS d),
  u AS (
    SELECT t.category,
           COALESCE(pg_catalog.sum(t.used) FILTER (WHERE t.month OPERATOR(pg_catalog.=) k.d), 0)::bigint AS m,
           pg_catalog.sum(t.used)::bigint AS s
      FROM @extschema@.effort_total t, k
     WHERE t.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
       AND t.month OPERATOR(pg_catalog.<=) k.d
     GROUP BY t.category)
  SELECT c.category,
         @extschema@.make_effort(min => COALESCE(u.m, 0)),
         @extschema@.make_effort(min => l.month_amount),
         me.enforcement,
         @extschema@.make_effort(min => l.month_amount OPERATOR(pg_catalog.-) COALESCE(u.m, 0)),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) COALESCE(u.m, 0)
                          OPERATOR(pg_catalog./) NULLIF(l.month_amount, 0), 1),
         @extschema@.make_effort(min => COALESCE(u.s, 0)),
         @extschema@.make_effort(min => l.term_amount),
         te.enforcement,
         @extschema@.make_effort(min => l.term_amount OPERATOR(pg_catalog.-) COALESCE(u.s, 0)),
         pg_catalog.round(100.0 OPERATOR(pg_catalog.*) COALESCE(u.s, 0)
                          OPERATOR(pg_catalog./) NULLIF(l.term_amount, 0), 1)
    FROM k,
         (VALUES (1, 'service'), (2, 'modification'), (3, 'failure_recovery'),
                 (4, 'menu'), (5, 'handover')) AS c(ord, category)
    LEFT JOIN u ON u.category OPERATOR(pg_catalog.=) c.category
    LEFT JOIN @extschema@.effort_cap me
           ON me.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND me.category OPERATOR(pg_catalog.=) c.category AND me.scope OPERATOR(pg_catalog.=) 'month'
    LEFT JOIN @extschema@.effort_cap te
           ON te.contract_id OPERATOR(pg_catalog.=) cap_status.contract_id
          AND te.category OPERATOR(pg_catalog.=) c.category AND te.scope OPERATOR(pg_catalog.=) 'term',
         LATERAL @extschema@.cap_limits(cap_status.contract_id, c.category, k.d) AS l
   ORDER BY c.ord
$$;
COMMENT ON FUNCTION @extschema@.cap_status(bigint, @extschema@.fiscal_period) IS
  'per category: effort used in the month and in the term up to its end, against the caps (extensions included)';

CREATE FUNCTION @extschema@.cap_forecast(contract_id bigint, category text, as_of date)
  RETURNS TABLE (burn_rate @extschema@.effort, used @extschema@.effort, term_cap @extschema@.effort,
                 remaining @extschema@.effort, months_left integer,
                 reach_month @extschema@.fiscal_period, within_term boolean)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH k AS (SELECT pg_catalog.date_trunc('month', cap_forecast.as_of)::date AS d),
  s AS (
    SELECT COALESCE(pg_catalog.sum(t.used) FILTER (
             WHERE t.month OPERATOR(pg_catalog.>=) (k.d OPERATOR(pg_catalog.-) interval '3 months')::date
               AND t.month OPERATOR(pg_catalog.<) k.d), 0) AS last3,
           COALESCE(pg_catalog.sum(t.used), 0) AS used
      FROM k LEFT JOIN @extschema@.effort_total t
        ON t.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
       AND t.category OPERATOR(pg_catalog.=) cap_forecast.category
       AND t.month OPERATOR(pg_catalog.<=) k.d
     GROUP BY k.d),
  f AS (
    SELECT k.d, (s.last3 OPERATOR(pg_catalog./) 3)::bigint AS rate, s.used::bigint AS used,
           l.term_amount AS cap,
           CASE WHEN l.term_amount IS NULL THEN NULL
                WHEN l.term_amount OPERATOR(pg_catalog.<=) s.used THEN 0
                WHEN s.last3 OPERATOR(pg_catalog.<=) 0 THEN NULL
                ELSE pg_catalog.ceil((l.term_amount OPERATOR(pg_catalog.-) s.used)
                                     OPERATOR(pg_catalog./) (s.last3 OPERATOR(pg_catalog./) 3))::integer
           END AS n
      FROM k, s, LATERAL @extschema@.cap_limits(cap_forecast.contract_id, cap_forecast.category, k.d) AS l)
  SELECT @extschema@.make_effort(min => f.rate),
         @extschema@.make_effort(min => f.used),
         @extschema@.make_effort(min => f.cap),
         @extschema@.make_effort(min => f.cap OPERATOR(pg_catalog.-) f.used),
         f.n,
         @extschema@.fiscal_period((f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date, 'month'),
         (f.d OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => f.n))::date
           OPERATOR(pg_catalog.<) pg_catalog.upper(c.term)
    FROM f JOIN @extschema@.contract c ON c.contract_id OPERATOR(pg_catalog.=) cap_forecast.contract_id
$$;
COMMENT ON FUNCTION @extschema@.cap_forecast(bigint, text, date) IS
  'burn rate of a category over the three months before as_of''s month, and the month the term cap is reached at that rate (NULL: never)';

-- ------------------------------------------------------ verify, rebuild
CREATE FUNCTION @extschema@.caps_verify()
  RETURNS TABLE (contract_id bigint, category text, month @extschema@.fiscal_period,
                 summary @extschema@.effort, logged @extschema@.effort)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH s AS (
    SELECT t.contract_id, t.category, t.month, pg_catalog.sum(t.used)::bigint AS used
      FROM @extschema@.effort_total t GROUP BY 1, 2, 3),
  l AS (
    SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification) AS category,
           pg_catalog.date_trunc('month', e.work_date)::date AS month,
           pg_catalog.sum(@extschema@.effort_minutes(e.effort))::bigint AS used
      FROM @extschema@.effort_log e
      JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
     WHERE NOT w.internal_handover
     GROUP BY 1, 2, 3)
  SELECT COALESCE(s.contract_id, l.contract_id), COALESCE(s.category, l.category),
         @extschema@.fiscal_period(COALESCE(s.month, l.month), 'month'),
         @extschema@.make_effort(min => s.used), @extschema@.make_effort(min => l.used)
    FROM s FULL JOIN l
      ON s.contract_id OPERATOR(pg_catalog.=) l.contract_id
     AND s.category OPERATOR(pg_catalog.=) l.category AND s.month OPERATOR(pg_catalog.=) l.month
   WHERE COALESCE(s.used, 0) OPERATOR(pg_catalog.<>) COALESCE(l.used, 0)
   ORDER BY 1, 2, 3
$$;
COMMENT ON FUNCTION @extschema@.caps_verify() IS
  'rows where the running totals differ from the sums recomputed from effort_log (none when all is well)';

CREATE FUNCTION @extschema@.caps_rebuild() RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  LOCK TABLE @extschema@.effort_log IN SHARE MODE;
  UPDATE @extschema@.cap_guard SET grants = grants OPERATOR(pg_catalog.+) 1;
  DELETE FROM @extschema@.effort_total;
  INSERT INTO @extschema@.effort_total (contract_id, category, month, stripe, used, allowance)
  SELECT w.contract_id, @extschema@.charge_category(w.kind, w.spec_check_for_modification),
         pg_catalog.date_trunc('month', e.work_date)::date, 0,
         pg_catalog.sum(@extschema@.effort_minutes(e.effort))::bigint,
         CASE WHEN EXISTS (SELECT 1 FROM @extschema@.effort_cap c
                            WHERE c.contract_id OPERATOR(pg_catalog.=) w.contract_id
                              AND c.category OPERATOR(pg_catalog.=)
                                  @extschema@.charge_category(w.kind, w.spec_check_for_modification))
              THEN 0 END
    FROM @extschema@.effort_log e
    JOIN @extschema@.work_item w ON w.item_id OPERATOR(pg_catalog.=) e.item_id
   WHERE NOT w.internal_handover
   GROUP BY 1, 2, 3, 6;
END
$$;
COMMENT ON FUNCTION @extschema@.caps_rebuild() IS
  'recomputes the running totals from effort_log (after a restore with --disable-triggers, say); does not check caps';
REVOKE ALL ON FUNCTION @extschema@.caps_rebuild() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.caps_resync(bigint) FROM PUBLIC;
