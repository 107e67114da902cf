/*
 * test_jp_holiday.c -- unit tests of the holiday rules, the closed-day rule,
 * the open-day arithmetic and the response clock (src/core).
 */
#include "unit.h"

#include "calendar.h"
#include "jp_holiday.h"
#include "sla.h"

static int32_t
D(int y, int m, int d)
{
	return cal_day_from_ymd(y, m, d);
}

static const char *
N(int y, int m, int d)
{
	return jp_holiday_name_of(D(y, m, d));
}

#define IS(y, m, d, name)	CHECK_STR(N(y, m, d), name, "%04d-%02d-%02d is %s", y, m, d, name)
#define NOT(y, m, d)		CHECK(N(y, m, d) == NULL, "%04d-%02d-%02d is not a holiday (got %s)", \
								  y, m, d, N(y, m, d) ? N(y, m, d) : "NULL")

static void
test_civil(void)
{
	int			y,
				m,
				d,
				bad = 0;
	int32_t		day;

	CHECK_INT(D(2000, 1, 1), 0, "2000-01-01 is day 0 (DateADT)");
	CHECK_INT(D(1948, 7, 20), jph_law_first_day, "jph_law_first_day is 1948-07-20");
	CHECK_INT(D(2150, 12, 31), jph_last_day, "jph_last_day is 2150-12-31");
	CHECK_INT(D(2150, 12, 31), CAL_LAST_DAY, "CAL_LAST_DAY is 2150-12-31");
	CHECK_INT(D(-4713, 11, 24), CAL_FIRST_DAY, "CAL_FIRST_DAY is 4714-11-24 BC");
	CHECK_INT(cal_weekday(0), 6, "2000-01-01 was a Saturday");
	CHECK_INT(cal_weekday(D(1948, 7, 20)), 2, "1948-07-20 was a Tuesday");
	CHECK_INT(cal_weekday(-1), 5, "1999-12-31 was a Friday");
	for (day = -2451545; day <= 2500000; day += 7)
	{
		cal_ymd_from_day(day, &y, &m, &d);
		bad += QUIET_CHECK(cal_day_from_ymd(y, m, d) == day, "round trip of day %d", (int) day);
	}
	CHECK(bad == 0, "day numbers round-trip through y/m/d from 4714 BC to 8844");
}

/* Equinox days: spot checks of the published dates and the 1956-1978 trap. */
static void
test_equinox(void)
{
	CHECK_INT(jp_vernal_equinox_day(1948), 21, "vernal 1948");
	CHECK_INT(jp_autumnal_equinox_day(1948), 23, "autumnal 1948");
	CHECK_INT(jp_vernal_equinox_day(1960), 20, "vernal 1960 (floor of (Y-1983)/4 would give 21)");
	CHECK_INT(jp_autumnal_equinox_day(1956), 23, "autumnal 1956");
	CHECK_INT(jp_autumnal_equinox_day(1979), 24, "autumnal 1979");
	CHECK_INT(jp_vernal_equinox_day(1978), 21, "vernal 1978");
	CHECK_INT(jp_vernal_equinox_day(2024), 20, "vernal 2024");
	CHECK_INT(jp_autumnal_equinox_day(2012), 22, "autumnal 2012");
	CHECK_INT(jp_autumnal_equinox_day(2044), 22, "autumnal 2044");
	CHECK_INT(jp_vernal_equinox_day(2025), 20, "vernal 2025");
	CHECK_INT(jp_autumnal_equinox_day(2025), 23, "autumnal 2025");
	CHECK_INT(jp_vernal_equinox_day(2026), 20, "vernal 2026");
	CHECK_INT(jp_autumnal_equinox_day(2026), 23, "autumnal 2026");
	CHECK_INT(jp_vernal_equinox_day(2027), 21, "vernal 2027");
	CHECK_INT(jp_autumnal_equinox_day(2027), 23, "autumnal 2027");
	CHECK_INT(jp_vernal_equinox_day(2099), 20, "vernal 2099");
	CHECK_INT(jp_vernal_equinox_day(2100), 20, "vernal 2100 (2100-2150 constants)");
	CHECK_INT(jp_vernal_equinox_day(2088), 20, "vernal 2088 (0.00005 day past the boundary)");
	CHECK_INT(jp_autumnal_equinox_day(2107), 24, "autumnal 2107 (0.007 day past the boundary)");
	CHECK_INT(jp_vernal_equinox_day(2121), 21, "vernal 2121 (0.0004 day past the boundary)");
	CHECK_INT(jp_autumnal_equinox_day(2140), 22, "autumnal 2140 (0.0002 day short of the boundary)");
	CHECK_INT(jp_vernal_equinox_day(1899), 0, "no equinox formula before 1900");
	CHECK_INT(jp_vernal_equinox_day(2151), 0, "no equinox formula after 2150");
}

static void
test_fixed_and_moving(void)
{
	NOT(1948, 7, 19);
	NOT(1948, 4, 29);
	IS(1948, 9, 23, "秋分の日");
	IS(1948, 11, 3, "文化の日");
	IS(1948, 11, 23, "勤労感謝の日");
	NOT(1949, 1, 2);
	IS(1949, 1, 1, "元日");
	IS(1949, 1, 15, "成人の日");
	IS(1999, 1, 15, "成人の日");
	IS(2000, 1, 10, "成人の日");
	NOT(2000, 1, 15);
	NOT(1966, 2, 11);
	IS(1967, 2, 11, "建国記念の日");
	IS(1988, 4, 29, "天皇誕生日");
	IS(1989, 4, 29, "みどりの日");
	IS(1989, 12, 23, "天皇誕生日");
	IS(2018, 12, 23, "天皇誕生日");
	NOT(2019, 12, 23);
	NOT(2019, 2, 23);
	IS(2020, 2, 23, "天皇誕生日");
	IS(2006, 4, 29, "みどりの日");
	IS(2007, 4, 29, "昭和の日");
	IS(2007, 5, 4, "みどりの日");
	NOT(1995, 7, 20);
	IS(1996, 7, 20, "海の日");
	IS(2002, 7, 20, "海の日");
	IS(2003, 7, 21, "海の日");
	NOT(2015, 8, 11);
	IS(2016, 8, 11, "山の日");
	NOT(1965, 9, 15);
	IS(1966, 9, 15, "敬老の日");
	IS(2002, 9, 16, "振替休日");
	IS(2003, 9, 15, "敬老の日");
	IS(1966, 10, 10, "体育の日");
	IS(1999, 10, 11, "振替休日");
	IS(2000, 10, 9, "体育の日");
	IS(2019, 10, 14, "体育の日");
	IS(2022, 10, 10, "スポーツの日");
	NOT(2020, 10, 12);
	NOT(2021, 10, 11);
}

/* The Olympic moves of 2020 and 2021. */
static void
test_olympics(void)
{
	IS(2020, 7, 23, "海の日");
	IS(2020, 7, 24, "スポーツの日");
	IS(2020, 8, 10, "山の日");
	NOT(2020, 7, 20);
	NOT(2020, 8, 11);
	IS(2021, 7, 22, "海の日");
	IS(2021, 7, 23, "スポーツの日");
	IS(2021, 8, 8, "山の日");
	IS(2021, 8, 9, "振替休日");
	NOT(2021, 7, 19);
	NOT(2021, 8, 11);
	IS(2022, 7, 18, "海の日");
	IS(2022, 8, 11, "山の日");
}

static void
test_substitute(void)
{
	NOT(1973, 2, 12);			/* 建国記念の日 on Sunday 1973-02-11: before the rule */
	IS(1973, 4, 30, "振替休日");	/* the first substitute holiday */
	IS(1973, 9, 24, "振替休日");
	IS(2006, 1, 2, "振替休日");
	IS(2007, 4, 30, "振替休日");
	IS(2008, 5, 6, "振替休日");	/* みどりの日 on Sunday, May 5 a 祝日: Tuesday */
	IS(2009, 5, 6, "振替休日");	/* 憲法記念日 on Sunday: Wednesday */
	IS(2026, 5, 6, "振替休日");	/* 憲法記念日 on Sunday: Wednesday */
	IS(2019, 5, 6, "振替休日");
	IS(2019, 8, 12, "振替休日");
	IS(2019, 11, 4, "振替休日");
	IS(2024, 2, 12, "振替休日");
	IS(2025, 11, 24, "振替休日");
	NOT(2026, 11, 24);
}

static void
test_citizens(void)
{
	NOT(1985, 5, 4);			/* a Saturday before the rule */
	NOT(1986, 5, 4);			/* a Sunday: excepted until 2006 */
	IS(1987, 5, 4, "振替休日");	/* 憲法記念日 on Sunday */
	IS(1988, 5, 4, "国民の休日");	/* the first one */
	IS(1991, 5, 4, "国民の休日");	/* a Saturday qualifies */
	NOT(1997, 5, 4);			/* a Sunday: excepted */
	IS(1998, 5, 4, "振替休日");	/* 憲法記念日 on Sunday: the substitute label wins */
	IS(2009, 9, 22, "国民の休日");	/* Silver Week */
	IS(2015, 9, 22, "国民の休日");
	IS(2026, 9, 22, "国民の休日");
	IS(2032, 9, 21, "国民の休日");
	NOT(2020, 9, 23);
	IS(2020, 9, 21, "敬老の日");
}

static void
test_oneoffs(void)
{
	IS(1959, 4, 10, "結婚の儀");
	IS(1989, 2, 24, "大喪の礼");
	IS(1990, 11, 12, "即位礼正殿の儀");
	IS(1993, 6, 9, "結婚の儀");
	/* 2019: ten days off, 4/27 (Sat) to 5/6 (Mon). */
	IS(2019, 4, 29, "昭和の日");
	IS(2019, 4, 30, "国民の休日");
	IS(2019, 5, 1, "天皇の即位の日");
	IS(2019, 5, 2, "国民の休日");
	IS(2019, 5, 3, "憲法記念日");
	IS(2019, 5, 4, "みどりの日");
	IS(2019, 5, 5, "こどもの日");
	IS(2019, 5, 6, "振替休日");
	IS(2019, 10, 22, "即位礼正殿の儀");
	NOT(2019, 10, 21);			/* Sunday 10-20 is not a 祝日: no sandwich */
}

static void
test_range(void)
{
	CHECK_INT(jp_holiday_kind(D(1900, 1, 1)), JPH_NONE, "1900-01-01: before the law, none");
	CHECK_INT(jp_holiday_kind(D(2150, 12, 31)), JPH_NONE, "2150-12-31 is computed");
	CHECK_INT(jp_holiday_kind(D(2150, 11, 3)), JPH_BUNKA, "2150-11-03 is computed");
	CHECK_INT(jp_holiday_kind(D(2151, 1, 1)), JPH_OUT_OF_RANGE, "2151-01-01 is out of range");
	CHECK(jp_holiday_label(JPH_OUT_OF_RANGE) == NULL, "no label out of range");
	CHECK(jp_holiday_label(JPH_N_KINDS) == NULL, "no label past the last kind");
}

/* Invariants over every year: each year has its fixed days, no holiday
 * falls on a day the rules cannot produce, and counts are plausible. */
static void
test_invariants(void)
{
	int			y,
				bad = 0;

	for (y = 1949; y <= 2150; y++)
	{
		int32_t		d,
					a = D(y, 1, 1),
					b = D(y + 1, 1, 1);
		int			n = 0;

		for (d = a; d < b; d++)
		{
			JpHoliday	k = jp_holiday_kind(d);

			n += (k != JPH_NONE);
			/* A substitute always follows a holiday. */
			if (k == JPH_FURIKAE)
				bad += QUIET_CHECK(jp_holiday_kind(d - 1) != JPH_NONE, "substitute after a holiday %d", y);
			/* A citizens' holiday is never a Sunday before 2007. */
			if (k == JPH_KOKUMIN && y < 2007)
				bad += QUIET_CHECK(cal_weekday(d) != 0, "citizens' holiday on Sunday %d", y);
		}
		bad += QUIET_CHECK(n >= 9 && n <= 22, "%d holidays in %d", n, y);
		bad += QUIET_CHECK(jp_holiday_kind(D(y, 1, 1)) == JPH_GANJITSU, "元日 %d", y);
		bad += QUIET_CHECK(jp_holiday_kind(D(y, 11, 3)) == JPH_BUNKA, "文化の日 %d", y);
	}
	CHECK(bad == 0, "holiday invariants hold for 1949-2150");
}

/* ------------------------------------------------------------ closed days */

static int32_t ov_days[4];
static CalOverride ov_vals[4];
static int	ov_n = 0;

static CalOverride
test_override(int32_t day, void *arg)
{
	int			i;

	(void) arg;
	for (i = 0; i < ov_n; i++)
		if (ov_days[i] == day)
			return ov_vals[i];
	return CAL_OV_NONE;
}

static void
test_closed_days(void)
{
	int32_t		r;
	int64_t		n;

	CHECK_INT(cal_rule_closed(D(2026, 11, 28)), 1, "Saturday is closed");
	CHECK_INT(cal_rule_closed(D(2026, 11, 29)), 1, "Sunday is closed");
	CHECK_INT(cal_rule_closed(D(2026, 11, 23)), 1, "勤労感謝の日 is closed");
	CHECK_INT(cal_rule_closed(D(2026, 11, 27)), 0, "a Friday is open");
	CHECK_INT(cal_rule_closed(D(2025, 12, 29)), 1, "Dec 29 (Monday) is closed");
	CHECK_INT(cal_rule_closed(D(2026, 1, 2)), 1, "Jan 2 (Friday) is closed");
	CHECK_INT(cal_rule_closed(D(2026, 1, 5)), 0, "Jan 5 (Monday) is open");
	CHECK_INT(cal_rule_closed(D(2025, 12, 26)), 0, "Dec 26 (Friday) is open");
	CHECK_INT(cal_rule_closed(D(2151, 1, 1)), -1, "after 2150: out of range");
	CHECK_INT(cal_rule_closed(D(2151, 1, 3)), -1, "a Saturday after 2150 is out of range too");

	/* Year-end closure across two weekends: 2025-12-27 (Sat) .. 2026-01-04 (Sun). */
	CHECK(cal_next_open_day(D(2025, 12, 27), NULL, NULL, &r) == CAL_OK && r == D(2026, 1, 5),
		  "next open day after the year-end closure is 2026-01-05");
	CHECK(cal_add_open_days(D(2025, 12, 26), 1, NULL, NULL, &r) == CAL_OK && r == D(2026, 1, 5),
		  "2025-12-26 + 1 open day = 2026-01-05");
	CHECK(cal_add_open_days(D(2026, 1, 5), -1, NULL, NULL, &r) == CAL_OK && r == D(2025, 12, 26),
		  "2026-01-05 - 1 open day = 2025-12-26");
	CHECK(cal_add_open_days(D(2025, 12, 28), 0, NULL, NULL, &r) == CAL_OK && r == D(2026, 1, 5),
		  "0 open days from a closed day = next open day");
	CHECK(cal_next_open_day(D(2026, 12, 28), NULL, NULL, &r) == CAL_OK && r == D(2026, 12, 28),
		  "2026-12-28 (Monday) is open: the closure starts on the 29th");
	CHECK(cal_add_open_days(D(2026, 11, 27), 0, NULL, NULL, &r) == CAL_OK && r == D(2026, 11, 27),
		  "0 open days from an open day = the day");
	CHECK(cal_add_open_days(D(2019, 4, 26), 1, NULL, NULL, &r) == CAL_OK && r == D(2019, 5, 7),
		  "Golden Week 2019: 04-26 + 1 = 05-07");
	CHECK(cal_add_open_days(D(2026, 9, 18), 1, NULL, NULL, &r) == CAL_OK && r == D(2026, 9, 24),
		  "Silver Week 2026: 09-18 + 1 = 09-24");
	CHECK(cal_open_days_between(D(2026, 12, 1), D(2027, 1, 1), NULL, NULL, &n) == CAL_OK && n == 20,
		  "20 open days in December 2026 (got %lld)", (long long) n);
	CHECK(cal_open_days_between(D(2027, 1, 1), D(2026, 12, 1), NULL, NULL, &n) == CAL_OK && n == -20,
		  "reversed interval is negative");
	CHECK(cal_open_days_between(D(2026, 12, 1), D(2026, 12, 1), NULL, NULL, &n) == CAL_OK && n == 0,
		  "empty interval");
	CHECK(cal_add_open_days(D(2150, 12, 30), 5, NULL, NULL, &r) == CAL_OUT_OF_RANGE,
		  "add_open_days past 2150 is out of range");
	CHECK(cal_add_open_days(D(2000, 1, 3), 2147483647, NULL, NULL, &r) == CAL_OUT_OF_RANGE,
		  "a huge n is out of range, not a hang or overflow");
	CHECK(cal_add_open_days(D(2000, 1, 3), -2147483647 - 1, NULL, NULL, &r) == CAL_OUT_OF_RANGE,
		  "INT_MIN open days is out of range");

	/* Overrides win both ways. */
	ov_days[0] = D(2026, 11, 30);
	ov_vals[0] = CAL_OV_CLOSED;
	ov_days[1] = D(2026, 11, 28);
	ov_vals[1] = CAL_OV_OPEN;
	ov_n = 2;
	CHECK_INT(cal_is_closed(D(2026, 11, 30), test_override, NULL), 1, "override closes a Monday");
	CHECK_INT(cal_is_closed(D(2026, 11, 28), test_override, NULL), 0, "override opens a Saturday");
	CHECK(cal_add_open_days(D(2026, 11, 27), 2, test_override, NULL, &r) == CAL_OK && r == D(2026, 12, 1),
		  "Friday + 2 with Saturday open and Monday closed = Tuesday");
	ov_n = 0;
}

/* ------------------------------------------------------------ response clock */

#define H(h, m)		((int64_t) ((h) * 60 + (m)) * SLA_USECS_PER_MIN)
#define JST			H(9, 0)

static int64_t
tz_local(int64_t utc, void *arg)
{
	(void) arg;
	return utc + JST;
}

static int64_t
tz_utc(int64_t local, void *arg)
{
	(void) arg;
	return local - JST;
}

static void
hours(int32_t day, void *arg, int64_t *opens, int64_t *closes)
{
	(void) arg;
	*opens = H(8, 45);
	/* Fridays close late in this test. */
	*closes = cal_weekday(day) == 5 ? H(19, 0) : H(17, 15);
}

/* A Tokyo wall-clock time as a utc instant. */
static int64_t
T(int y, int mo, int d, int h, int mi)
{
	return (int64_t) D(y, mo, d) * SLA_USECS_PER_DAY + H(h, mi) - JST;
}

static void
test_sla(void)
{
	SlaCalendar cal = {NULL, NULL, hours, NULL, tz_local, tz_utc, NULL};
	int64_t		due,
				hour = H(1, 0);
	SlaBranch	br;
	bool		b;

	/* Thursday 2026-11-26. */
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 10, 0), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 10, 0) && br == SLA_IN_HOURS, "in open hours: at once");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 8, 45), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 8, 45) && br == SLA_IN_HOURS, "08:45 sharp is open hours");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 17, 15), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 18, 15) && br == SLA_ALLOWANCE, "17:15 sharp is out of hours");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 17, 15), false, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 27, 8, 45) && br == SLA_AT_OPENING, "not immediate: next opening");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 8, 0), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 8, 45) && br == SLA_AT_OPENING,
		  "08:00 immediate: under way at 08:45, due then (before 09:00)");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 7, 0), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 8, 0) && br == SLA_ALLOWANCE, "07:00 immediate: 08:00");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 7, 0), false, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 8, 45), "07:00 not immediate: 08:45 the same day");
	/* Friday's late closing. */
	CHECK(sla_response_due(&cal, T(2026, 11, 27, 18, 30), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 27, 18, 30), "Friday 18:30 is open hours with a 19:00 close");
	CHECK(sla_response_due(&cal, T(2026, 11, 27, 19, 0), false, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 30, 8, 45), "Friday 19:00 not immediate: Monday 08:45");
	/* A Saturday, and the year-end closure. */
	CHECK(sla_response_due(&cal, T(2026, 11, 28, 10, 0), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 11, 28, 11, 0), "Saturday immediate: +1 hour");
	CHECK(sla_response_due(&cal, T(2025, 12, 26, 23, 30), false, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 1, 5, 8, 45), "year end not immediate: 2026-01-05 08:45");
	CHECK(sla_response_due(&cal, T(2025, 12, 31, 23, 30), true, hour, 0, &due, &br) == CAL_OK &&
		  due == T(2026, 1, 1, 0, 30), "year end immediate: across midnight and the year");
	/* promptly (速やかに) read as an in-hours allowance: 15 minutes */
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 10, 0), true, hour, H(0, 15), &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 10, 15) && br == SLA_IN_HOURS, "in open hours with 15 minutes: 10:15");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 17, 10), true, hour, H(0, 15), &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 17, 25) && br == SLA_IN_HOURS, "5 minutes before closing: still 15 minutes");
	CHECK(sla_response_due(&cal, T(2026, 11, 26, 7, 0), true, hour, H(0, 15), &due, &br) == CAL_OK &&
		  due == T(2026, 11, 26, 8, 0) && br == SLA_ALLOWANCE, "out of hours: the in-hours allowance plays no part");
	CHECK(sla_is_open_hours(&cal, T(2026, 11, 26, 12, 0), &b) == CAL_OK && b, "Thursday noon is open");
	CHECK(sla_is_open_hours(&cal, T(2026, 11, 23, 12, 0), &b) == CAL_OK && !b, "a holiday noon is not");
	CHECK(sla_is_open_hours(&cal, T(2026, 11, 26, 8, 44), &b) == CAL_OK && !b, "08:44 is not");
	CHECK(sla_response_due(&cal, T(2150, 12, 30, 20, 0), false, hour, 0, &due, &br) == CAL_OUT_OF_RANGE,
		  "past the calendar's range: out of range");

	CHECK_INT(sla_minutes_late(100, 50), 0, "early: 0 minutes late");
	CHECK_INT(sla_minutes_late(0, 1), 1, "one microsecond late rounds up to a minute");
	CHECK_INT(sla_minutes_late(0, SLA_USECS_PER_MIN * 90), 90, "90 minutes late");
	/* PostgreSQL's first and last finite timestamps: farther apart than INT64_MAX */
	CHECK_INT(sla_minutes_late(INT64_C(-211813488000000000), INT64_C(9223371331199999999)),
			  INT64_C(157253080320), "4713 BC to 294276 AD does not overflow");
	CHECK_INT(sla_minutes_late(INT64_MIN, INT64_MAX), INT64_C(307445734562),
			  "the whole int64 range, rounded up");
}

int
main(void)
{
	test_civil();
	test_equinox();
	test_fixed_and_moving();
	test_olympics();
	test_substitute();
	test_citizens();
	test_oneoffs();
	test_range();
	test_invariants();
	test_closed_days();
	test_sla();
	return unit_done();
}
