
-- ====================================================================
-- effort: contract effort, a signed 64-bit count of minutes (release 0.1)
-- 1 person-month = 20 person-days, 1 person-day = 8 hours.  The on-disk
-- format (int8 minutes, pass by value) is forever: see doc/effort.md.
-- Comparison, hashing, binary I/O and min/max bind PostgreSQL's own int8
-- functions (LANGUAGE internal, as contrib/isn does): same code, same speed.
-- ====================================================================

CREATE TYPE @extschema@.effort;

CREATE FUNCTION @extschema@.effort_in(cstring) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- STABLE, not IMMUTABLE: the text depends on omledger.effort_style (like date_out).
CREATE FUNCTION @extschema@.effort_out(@extschema@.effort) RETURNS cstring
  AS 'MODULE_PATHNAME', 'effort_out' LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- Binary format: the minutes as a big-endian int8, exactly like bigint.
CREATE FUNCTION @extschema@.effort_recv(internal) RETURNS @extschema@.effort
  AS 'int8recv' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.effort_send(@extschema@.effort) RETURNS bytea
  AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.effort (
  INPUT = @extschema@.effort_in,
  OUTPUT = @extschema@.effort_out,
  RECEIVE = @extschema@.effort_recv,
  SEND = @extschema@.effort_send,
  LIKE = pg_catalog.int8,
  CATEGORY = 'N'
);
COMMENT ON TYPE @extschema@.effort IS
  'contract effort in whole minutes; input 1.5pm, 3 人日, 2pm 3pd 4h 30min; 1pm = 20pd, 1pd = 8h';

COMMENT ON FUNCTION @extschema@.effort_in(cstring) IS 'input function of effort';
COMMENT ON FUNCTION @extschema@.effort_out(@extschema@.effort) IS
  'output function of effort (style from omledger.effort_style)';
COMMENT ON FUNCTION @extschema@.effort_recv(internal) IS 'binary input function of effort';
COMMENT ON FUNCTION @extschema@.effort_send(@extschema@.effort) IS 'binary output function of effort';

-- ------------------------------------------------------------ comparison

CREATE FUNCTION @extschema@.effort_eq(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_ne(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_lt(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_le(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_gt(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_ge(@extschema@.effort, @extschema@.effort) RETURNS boolean
  AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_cmp(@extschema@.effort, @extschema@.effort) RETURNS integer
  AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.effort_sortsupport(internal) RETURNS void
  AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_in_range(@extschema@.effort, @extschema@.effort,
    @extschema@.effort, boolean, boolean) RETURNS boolean
  AS 'in_range_int8_int8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_hash(@extschema@.effort) RETURNS integer
  AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_hash_extended(@extschema@.effort, bigint) RETURNS bigint
  AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.effort_eq(@extschema@.effort, @extschema@.effort) IS 'implementation of = for effort';
COMMENT ON FUNCTION @extschema@.effort_ne(@extschema@.effort, @extschema@.effort) IS 'implementation of <> for effort';
COMMENT ON FUNCTION @extschema@.effort_lt(@extschema@.effort, @extschema@.effort) IS 'implementation of < for effort';
COMMENT ON FUNCTION @extschema@.effort_le(@extschema@.effort, @extschema@.effort) IS 'implementation of <= for effort';
COMMENT ON FUNCTION @extschema@.effort_gt(@extschema@.effort, @extschema@.effort) IS 'implementation of > for effort';
COMMENT ON FUNCTION @extschema@.effort_ge(@extschema@.effort, @extschema@.effort) IS 'implementation of >= for effort';
COMMENT ON FUNCTION @extschema@.effort_cmp(@extschema@.effort, @extschema@.effort) IS 'btree comparison function of effort';
COMMENT ON FUNCTION @extschema@.effort_sortsupport(internal) IS 'btree sort support of effort';
COMMENT ON FUNCTION @extschema@.effort_in_range(@extschema@.effort, @extschema@.effort, @extschema@.effort, boolean, boolean) IS
  'window RANGE frame support of effort';
COMMENT ON FUNCTION @extschema@.effort_hash(@extschema@.effort) IS 'hash function of effort';
COMMENT ON FUNCTION @extschema@.effort_hash_extended(@extschema@.effort, bigint) IS 'extended (seeded) hash function of effort';

CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.effort, @extschema@.effort) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.effort, @extschema@.effort) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.effort, @extschema@.effort) IS 'less than';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.effort, @extschema@.effort) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.effort, @extschema@.effort) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.effort, @extschema@.effort) IS 'greater than or equal';

CREATE OPERATOR CLASS @extschema@.effort_ops
  DEFAULT FOR TYPE @extschema@.effort USING btree AS
    OPERATOR 1 @extschema@.< ,
    OPERATOR 2 @extschema@.<= ,
    OPERATOR 3 @extschema@.= ,
    OPERATOR 4 @extschema@.>= ,
    OPERATOR 5 @extschema@.> ,
    FUNCTION 1 @extschema@.effort_cmp(@extschema@.effort, @extschema@.effort),
    FUNCTION 2 @extschema@.effort_sortsupport(internal),
    FUNCTION 3 @extschema@.effort_in_range(@extschema@.effort, @extschema@.effort, @extschema@.effort, boolean, boolean),
    FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.effort_ops USING btree IS 'default btree operator class of effort';

CREATE OPERATOR CLASS @extschema@.effort_ops
  DEFAULT FOR TYPE @extschema@.effort USING hash AS
    OPERATOR 1 @extschema@.= ,
    FUNCTION 1 @extschema@.effort_hash(@extschema@.effort),
    FUNCTION 2 @extschema@.effort_hash_extended(@extschema@.effort, bigint);
COMMENT ON OPERATOR CLASS @extschema@.effort_ops USING hash IS 'default hash operator class of effort';
COMMENT ON OPERATOR FAMILY @extschema@.effort_ops USING btree IS 'default btree operator family of effort';
COMMENT ON OPERATOR FAMILY @extschema@.effort_ops USING hash IS 'default hash operator family of effort';

-- ------------------------------------------------------------ arithmetic
-- Overflow is an error (22003), never a wrap.  Multiplication and division
-- by numeric round half away from zero to the minute, like round(numeric).

CREATE FUNCTION @extschema@.effort_pl(@extschema@.effort, @extschema@.effort) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_pl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_mi(@extschema@.effort, @extschema@.effort) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_mi' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_um(@extschema@.effort) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_um' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_abs(@extschema@.effort) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_abs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_mul_numeric(@extschema@.effort, numeric) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_mul_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.numeric_mul_effort(numeric, @extschema@.effort) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'numeric_mul_effort' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_div_numeric(@extschema@.effort, numeric) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_div_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_div(@extschema@.effort, @extschema@.effort) RETURNS numeric
  AS 'MODULE_PATHNAME', 'effort_div' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.effort_pl(@extschema@.effort, @extschema@.effort) IS 'implementation of effort + effort';
COMMENT ON FUNCTION @extschema@.effort_mi(@extschema@.effort, @extschema@.effort) IS 'implementation of effort - effort';
COMMENT ON FUNCTION @extschema@.effort_um(@extschema@.effort) IS 'implementation of - effort';
COMMENT ON FUNCTION @extschema@.effort_abs(@extschema@.effort) IS 'absolute value of an effort';
COMMENT ON FUNCTION @extschema@.effort_mul_numeric(@extschema@.effort, numeric) IS
  'implementation of effort * numeric (rounded half away from zero to the minute)';
COMMENT ON FUNCTION @extschema@.numeric_mul_effort(numeric, @extschema@.effort) IS
  'implementation of numeric * effort (rounded half away from zero to the minute)';
COMMENT ON FUNCTION @extschema@.effort_div_numeric(@extschema@.effort, numeric) IS
  'implementation of effort / numeric (rounded half away from zero to the minute)';
COMMENT ON FUNCTION @extschema@.effort_div(@extschema@.effort, @extschema@.effort) IS
  'implementation of effort / effort (a numeric ratio)';

CREATE OPERATOR @extschema@.+ (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_pl, COMMUTATOR = OPERATOR(@extschema@.+)
);
CREATE OPERATOR @extschema@.- (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_mi
);
CREATE OPERATOR @extschema@.- (
  RIGHTARG = @extschema@.effort, FUNCTION = @extschema@.effort_um
);
CREATE OPERATOR @extschema@.* (
  LEFTARG = @extschema@.effort, RIGHTARG = numeric,
  FUNCTION = @extschema@.effort_mul_numeric, COMMUTATOR = OPERATOR(@extschema@.*)
);
CREATE OPERATOR @extschema@.* (
  LEFTARG = numeric, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.numeric_mul_effort, COMMUTATOR = OPERATOR(@extschema@.*)
);
CREATE OPERATOR @extschema@./ (
  LEFTARG = @extschema@.effort, RIGHTARG = numeric,
  FUNCTION = @extschema@.effort_div_numeric
);
CREATE OPERATOR @extschema@./ (
  LEFTARG = @extschema@.effort, RIGHTARG = @extschema@.effort,
  FUNCTION = @extschema@.effort_div
);
COMMENT ON OPERATOR @extschema@.+ (@extschema@.effort, @extschema@.effort) IS 'add';
COMMENT ON OPERATOR @extschema@.- (@extschema@.effort, @extschema@.effort) IS 'subtract';
COMMENT ON OPERATOR @extschema@.- (NONE, @extschema@.effort) IS 'negate';
COMMENT ON OPERATOR @extschema@.* (@extschema@.effort, numeric) IS 'multiply, rounded to the minute';
COMMENT ON OPERATOR @extschema@.* (numeric, @extschema@.effort) IS 'multiply, rounded to the minute';
COMMENT ON OPERATOR @extschema@./ (@extschema@.effort, numeric) IS 'divide, rounded to the minute';
COMMENT ON OPERATOR @extschema@./ (@extschema@.effort, @extschema@.effort) IS 'ratio of two efforts';

-- ----------------------------------------------------------- conversions

CREATE FUNCTION @extschema@.make_effort(pm numeric DEFAULT 0, pd numeric DEFAULT 0,
    h numeric DEFAULT 0, min numeric DEFAULT 0) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'make_effort' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_pm(@extschema@.effort) RETURNS numeric
  AS 'MODULE_PATHNAME', 'effort_pm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_pd(@extschema@.effort) RETURNS numeric
  AS 'MODULE_PATHNAME', 'effort_pd' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_hours(@extschema@.effort) RETURNS numeric
  AS 'MODULE_PATHNAME', 'effort_hours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_minutes(@extschema@.effort) RETURNS bigint
  AS 'MODULE_PATHNAME', 'effort_minutes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_from_interval(interval) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_from_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_to_interval(@extschema@.effort) RETURNS interval
  AS 'MODULE_PATHNAME', 'effort_to_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.make_effort(numeric, numeric, numeric, numeric) IS
  'effort from person-months, person-days, hours and minutes; the sum must be whole minutes';
COMMENT ON FUNCTION @extschema@.effort_pm(@extschema@.effort) IS 'the effort in person-months (1pm = 20pd)';
COMMENT ON FUNCTION @extschema@.effort_pd(@extschema@.effort) IS 'the effort in person-days (1pd = 8h)';
COMMENT ON FUNCTION @extschema@.effort_hours(@extschema@.effort) IS 'the effort in hours';
COMMENT ON FUNCTION @extschema@.effort_minutes(@extschema@.effort) IS 'the effort in minutes (its stored value)';
COMMENT ON FUNCTION @extschema@.effort_from_interval(interval) IS
  'cast interval to effort: whole minutes of clock time only, no days or months';
COMMENT ON FUNCTION @extschema@.effort_to_interval(@extschema@.effort) IS
  'cast effort to interval: the working time in clock hours (1pd = 8 hours)';

-- Explicit casts only: an interval day is 24 hours but a person-day is 8,
-- so neither direction may happen silently.  No cast to or from bigint:
-- the unit of a bare number would be a guess; use effort_minutes() and
-- make_effort(min => n).
CREATE CAST (interval AS @extschema@.effort)
  WITH FUNCTION @extschema@.effort_from_interval(interval);
CREATE CAST (@extschema@.effort AS interval)
  WITH FUNCTION @extschema@.effort_to_interval(@extschema@.effort);
COMMENT ON CAST (interval AS @extschema@.effort) IS
  'clock hours and minutes only; days and months are refused (a person-day is 8 hours)';
COMMENT ON CAST (@extschema@.effort AS interval) IS
  'the working time as clock hours (1pd = 8 hours)';

-- ------------------------------------------------------------ aggregates

CREATE FUNCTION @extschema@.effort_smaller(@extschema@.effort, @extschema@.effort) RETURNS @extschema@.effort
  AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_larger(@extschema@.effort, @extschema@.effort) RETURNS @extschema@.effort
  AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effort_smaller(@extschema@.effort, @extschema@.effort) IS 'the smaller of two efforts';
COMMENT ON FUNCTION @extschema@.effort_larger(@extschema@.effort, @extschema@.effort) IS 'the larger of two efforts';

CREATE AGGREGATE @extschema@.min(@extschema@.effort) (
  SFUNC = @extschema@.effort_smaller, STYPE = @extschema@.effort,
  COMBINEFUNC = @extschema@.effort_smaller,
  SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.max(@extschema@.effort) (
  SFUNC = @extschema@.effort_larger, STYPE = @extschema@.effort,
  COMBINEFUNC = @extschema@.effort_larger,
  SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.effort) IS 'minimum effort';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.effort) IS 'maximum effort';

-- sum and avg share a state: a 128-bit exact sum and a row count, so no
-- intermediate total overflows (only a final sum outside effort's range).
CREATE FUNCTION @extschema@.effort_accum(internal, @extschema@.effort) RETURNS internal
  AS 'MODULE_PATHNAME', 'effort_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_accum_inv(internal, @extschema@.effort) RETURNS internal
  AS 'MODULE_PATHNAME', 'effort_accum_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'effort_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'effort_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'effort_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_sum_final(internal) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_sum_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.effort_avg_final(internal) RETURNS @extschema@.effort
  AS 'MODULE_PATHNAME', 'effort_avg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.effort_accum(internal, @extschema@.effort) IS 'sum/avg(effort) transition function';
COMMENT ON FUNCTION @extschema@.effort_accum_inv(internal, @extschema@.effort) IS 'sum/avg(effort) inverse transition function';
COMMENT ON FUNCTION @extschema@.effort_combine(internal, internal) IS 'sum/avg(effort) combine function';
COMMENT ON FUNCTION @extschema@.effort_serialize(internal) IS 'sum/avg(effort) state serialization';
COMMENT ON FUNCTION @extschema@.effort_deserialize(bytea, internal) IS 'sum/avg(effort) state deserialization';
COMMENT ON FUNCTION @extschema@.effort_sum_final(internal) IS 'sum(effort) final function';
COMMENT ON FUNCTION @extschema@.effort_avg_final(internal) IS 'avg(effort) final function';

CREATE AGGREGATE @extschema@.sum(@extschema@.effort) (
  SFUNC = @extschema@.effort_accum, STYPE = internal, SSPACE = 24,
  FINALFUNC = @extschema@.effort_sum_final,
  COMBINEFUNC = @extschema@.effort_combine,
  SERIALFUNC = @extschema@.effort_serialize,
  DESERIALFUNC = @extschema@.effort_deserialize,
  MSFUNC = @extschema@.effort_accum, MINVFUNC = @extschema@.effort_accum_inv,
  MSTYPE = internal, MSSPACE = 24, MFINALFUNC = @extschema@.effort_sum_final,
  PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.avg(@extschema@.effort) (
  SFUNC = @extschema@.effort_accum, STYPE = internal, SSPACE = 24,
  FINALFUNC = @extschema@.effort_avg_final,
  COMBINEFUNC = @extschema@.effort_combine,
  SERIALFUNC = @extschema@.effort_serialize,
  DESERIALFUNC = @extschema@.effort_deserialize,
  MSFUNC = @extschema@.effort_accum, MINVFUNC = @extschema@.effort_accum_inv,
  MSTYPE = internal, MSSPACE = 24, MFINALFUNC = @extschema@.effort_avg_final,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.sum(@extschema@.effort) IS 'exact sum of efforts';
COMMENT ON AGGREGATE @extschema@.avg(@extschema@.effort) IS
  'mean effort, rounded half away from zero to the minute';
