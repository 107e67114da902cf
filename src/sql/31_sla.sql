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
