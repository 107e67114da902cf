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

CREATE OPERATOR CLASS @extschema@.fiscal_period_ops
  DEFAULT FOR TYPE @extschema@.fiscal_period USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.fiscal_period_cmp(@extschema@.fiscal_period, @extschema@.fiscal_period),
    FUNCTION 2 @extschema@.fiscal_period_sortsupport(internal);
COMMENT ON OPERATOR CLASS @extschema@.fiscal_period_ops USING btree IS
  'default btree operator class of fiscal_period';

CREATE OPERATOR CLASS @extschema@.fiscal_period_hash_ops
  DEFAULT FOR TYPE @extschema@.fiscal_period USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.fiscal_period_hash(@extschema@.fiscal_period),
    FUNCTION 2 @extschema@.fiscal_period_hash_extended(@extschema@.fiscal_period, bigint);
COMMENT ON OPERATOR CLASS @extschema@.fiscal_period_hash_ops USING hash IS
  'default hash operator class of fiscal_period';

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
