/*
 * test_effort.c -- unit tests of the pure effort core (src/core/effort.c).
 */
#include "effort.h"
#include "unit.h"

#include <stdlib.h>

static EffortParseResult
parse(const char *s)
{
	return effort_parse(s, strlen(s));
}

static void
check_value(const char *s, int64_t want)
{
	EffortParseResult r = parse(s);

	CHECK(r.status == EFFORT_OK && r.minutes == want,
		  "\"%s\" = %lld min (status %d, got %lld)", s, (long long) want,
		  (int) r.status, (long long) r.minutes);
}

static void
check_error(const char *s, EffortParseStatus want, const char *span)
{
	EffortParseResult r = parse(s);

	CHECK_INT(r.status, want, "\"%s\" is rejected with status %d", s, (int) want);
	if (span != NULL && r.status == want)
	{
		char		buf[64];
		size_t		n = r.err_end - r.err_start;

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, s + r.err_start, n);
		buf[n] = '\0';
		CHECK_STR(buf, span, "\"%s\" points at the offending text", s);
	}
}

static void
check_format(int64_t m, const char *en, const char *ja)
{
	char		buf[EFFORT_FORMAT_BUFLEN];
	size_t		n;

	n = effort_format(m, EFFORT_FORMAT_EN, buf);
	CHECK_STR(buf, en, "%lld min formats in en", (long long) m);
	CHECK_INT(n, strlen(en), "length of the en text of %lld", (long long) m);
	effort_format(m, EFFORT_FORMAT_JA, buf);
	CHECK_STR(buf, ja, "%lld min formats in ja", (long long) m);
}

static void
check_decimal(int64_t m, int64_t unit, const char *want)
{
	char		buf[EFFORT_DECIMAL_BUFLEN];

	effort_to_decimal(m, unit, 20, buf);
	CHECK_STR(buf, want, "%lld min / %lld as a decimal", (long long) m, (long long) unit);
}

static EffortSum128
sum_of(const int64_t *v, int n)
{
	EffortSum128 s = {0, 0};

	for (int k = 0; k < n; k++)
		effort_sum128_add(&s, v[k]);
	return s;
}

/* A round trip in both styles for m. */
static int
round_trips(int64_t m)
{
	char		buf[EFFORT_FORMAT_BUFLEN];
	EffortParseResult r;

	effort_format(m, EFFORT_FORMAT_EN, buf);
	r = parse(buf);
	if (r.status != EFFORT_OK || r.minutes != m)
		return QUIET_CHECK(0, "en round trip of %lld via \"%s\"", (long long) m, buf);
	effort_format(m, EFFORT_FORMAT_JA, buf);
	r = parse(buf);
	if (r.status != EFFORT_OK || r.minutes != m)
		return QUIET_CHECK(0, "ja round trip of %lld via \"%s\"", (long long) m, buf);
	return 0;
}

int
main(void)
{
	/* every unit spelling */
	const char *pm[] = {"1pm", "1PM", "1person-month", "1person-months", "1 Person-Months",
	"1mm", "1MM", "1man-month", "1man-months", "1人月"};
	const char *pd[] = {"1pd", "1Pd", "1person-day", "1person-days", "1md", "1man-day",
	"1MAN-DAYS", "1人日"};
	const char *h[] = {"1h", "1H", "1hr", "1Hr", "1hour", "1hours", "1HOURS", "1時間"};
	const char *mins[] = {"1min", "1MIN", "1minute", "1minutes", "1分"};

	for (size_t k = 0; k < sizeof(pm) / sizeof(pm[0]); k++)
		check_value(pm[k], 9600);
	for (size_t k = 0; k < sizeof(pd) / sizeof(pd[0]); k++)
		check_value(pd[k], 480);
	for (size_t k = 0; k < sizeof(h) / sizeof(h[0]); k++)
		check_value(h[k], 60);
	for (size_t k = 0; k < sizeof(mins) / sizeof(mins[0]); k++)
		check_value(mins[k], 1);

	/* terms, spaces, fractions, signs, full width */
	check_value("2pm 3pd 4h 30min", 2 * 9600 + 3 * 480 + 4 * 60 + 30);
	check_value("2人月3人日4時間30分", 2 * 9600 + 3 * 480 + 4 * 60 + 30);
	check_value("1人月2人日", 9600 + 960);
	check_value("  3 人日  ", 1440);
	check_value("1h\xe3\x80\x80" "30min", 90);
	check_value("1.5pm", 14400);
	check_value("0.5pm", 4800);
	check_value("1.25 人日", 600);
	check_value("0.1h", 6);
	check_value(".5h", 30);
	check_value("0.0003125pm", 3);
	check_value("1.5000000000000000000000000h", 90);
	check_value("-2h", -120);
	check_value("- 2pm 3pd", -(2 * 9600 + 3 * 480));
	check_value("\xef\xbc\x8d" "2h", -120);	/* －2h */
	check_value("\xef\xbc\x91\xef\xbc\x8e\xef\xbc\x95人月", 14400);	/* １．５人月 */
	check_value("0", 0);
	check_value("-0", 0);
	check_value("0.000", 0);
	check_value("0h 0min", 0);
	check_value("000000000000000000000000000001min", 1);
	check_value("9223372036854775807min", INT64_MAX);
	check_value("-9223372036854775808min", INT64_MIN);
	check_value("960767920505705pm 16pd 2h 7min", INT64_MAX);
	check_value("-960767920505705pm 16pd 2h 8min", INT64_MIN);

	/* rejections and what they point at */
	check_error("", EFFORT_ERR_EMPTY, NULL);
	check_error("  ", EFFORT_ERR_EMPTY, NULL);
	check_error("-", EFFORT_ERR_EMPTY, NULL);
	check_error("5", EFFORT_ERR_NO_UNIT, "5");
	check_error("1h 2.5", EFFORT_ERR_NO_UNIT, "2.5");
	check_error("0 0", EFFORT_ERR_NO_UNIT, "0");
	check_error("1 parsec", EFFORT_ERR_BAD_UNIT, "parsec");
	check_error("2hrs", EFFORT_ERR_BAD_UNIT, "hrs");
	check_error("1 m", EFFORT_ERR_BAD_UNIT, "m");
	check_error("1h -30min", EFFORT_ERR_SYNTAX, "-");
	check_error("+1h", EFFORT_ERR_SYNTAX, "+");
	check_error("h", EFFORT_ERR_SYNTAX, "h");
	check_error("1.001h", EFFORT_ERR_FRACTION, "1.001h");
	check_error("1h 0.5min", EFFORT_ERR_FRACTION, "0.5min");
	check_error("0.0000001pm", EFFORT_ERR_FRACTION, "0.0000001pm");
	check_error("0.00000000000000000001pm", EFFORT_ERR_FRACTION, NULL);
	check_error("9223372036854775808min", EFFORT_ERR_RANGE, NULL);
	check_error("-9223372036854775809min", EFFORT_ERR_RANGE, NULL);
	check_error("960767920505706pm", EFFORT_ERR_RANGE, NULL);
	check_error("99999999999999999999999999pm", EFFORT_ERR_RANGE, NULL);
	check_error("9223372036854775807min 1min", EFFORT_ERR_RANGE, NULL);
	check_error("1h\xff", EFFORT_ERR_SYNTAX, NULL);
	check_error("1\xef\xbc", EFFORT_ERR_BAD_UNIT, NULL);	/* truncated full-width */
	{
		/* an embedded NUL is just an unexpected byte, the length rules */
		EffortParseResult r = effort_parse("1h\0" "30min", 8);

		CHECK_INT(r.status, EFFORT_ERR_SYNTAX, "an embedded NUL is rejected");
		r = effort_parse("1h30min", 2);
		CHECK(r.status == EFFORT_OK && r.minutes == 60, "only len bytes are read");
	}

	/* output */
	check_format(0, "0", "0");
	check_format(1, "1min", "1分");
	check_format(-1, "-1min", "-1分");
	check_format(2 * 9600 + 3 * 480 + 4 * 60 + 30, "2pm 3pd 4h 30min", "2人月3人日4時間30分");
	check_format(-(9600 + 30), "-1pm 30min", "-1人月30分");
	check_format(INT64_MAX, "960767920505705pm 16pd 2h 7min", "960767920505705人月16人日2時間7分");
	check_format(INT64_MIN, "-960767920505705pm 16pd 2h 8min", "-960767920505705人月16人日2時間8分");

	/* decimals */
	check_decimal(14400, 9600, "1.5");
	check_decimal(-14400, 9600, "-1.5");
	check_decimal(3, 9600, "0.0003125");
	check_decimal(1, 60, "0.01666666666666666667");
	check_decimal(-1, 60, "-0.01666666666666666667");
	check_decimal(1, 9600, "0.00010416666666666667");
	check_decimal(0, 480, "0");
	check_decimal(INT64_MIN, 1, "-9223372036854775808");
	check_decimal(INT64_MAX, 60, "153722867280912930.11666666666666666667");

	/* 128-bit sums */
	{
		int64_t		v1[] = {INT64_MAX, INT64_MAX, -INT64_MAX, -INT64_MAX, 5};
		int64_t		v2[] = {INT64_MIN, INT64_MIN};
		int64_t		v3[] = {1, 2};
		int64_t		v4[] = {-1, -2};
		int64_t		v5[] = {INT64_MAX, INT64_MAX, INT64_MAX};
		int64_t		v6[] = {INT64_MIN, INT64_MIN, INT64_MIN};
		EffortSum128 s,
					t;
		int64_t		out = 0;

		s = sum_of(v1, 5);
		CHECK(effort_sum128_to_int64(&s, &out) && out == 5, "intermediate overflow cancels out");
		s = sum_of(v2, 2);
		CHECK(!effort_sum128_to_int64(&s, &out), "2 * INT64_MIN does not fit");
		CHECK(effort_sum128_div_round(&s, 2, &out) && out == INT64_MIN, "avg of INT64_MIN twice");
		s = sum_of(v3, 2);
		CHECK(effort_sum128_div_round(&s, 2, &out) && out == 2, "avg(1,2) = 1.5 rounds to 2");
		s = sum_of(v4, 2);
		CHECK(effort_sum128_div_round(&s, 2, &out) && out == -2, "avg(-1,-2) = -1.5 rounds to -2");
		s = sum_of(v3, 2);
		CHECK(effort_sum128_div_round(&s, 3, &out) && out == 1, "3/3 = 1");
		CHECK(effort_sum128_div_round(&s, 7, &out) && out == 0, "3/7 rounds to 0");
		CHECK(effort_sum128_div_round(&s, 6, &out) && out == 1, "3/6 rounds to 1");
		s = sum_of(v5, 3);
		CHECK(effort_sum128_div_round(&s, 3, &out) && out == INT64_MAX, "avg of INT64_MAX thrice");
		s = sum_of(v6, 3);
		CHECK(effort_sum128_div_round(&s, 3, &out) && out == INT64_MIN, "avg of INT64_MIN thrice");
		CHECK(!effort_sum128_div_round(&s, 1, &out), "3 * INT64_MIN / 1 does not fit");
		/* inverse and combine */
		s = sum_of(v5, 3);
		effort_sum128_sub(&s, INT64_MAX);
		effort_sum128_sub(&s, INT64_MAX);
		CHECK(effort_sum128_to_int64(&s, &out) && out == INT64_MAX, "sub undoes add");
		effort_sum128_sub(&s, INT64_MIN);
		effort_sum128_add(&s, INT64_MIN);
		CHECK(effort_sum128_to_int64(&s, &out) && out == INT64_MAX, "sub of INT64_MIN undoes add");
		s = sum_of(v6, 3);
		t = sum_of(v5, 3);
		effort_sum128_combine(&s, &t);
		CHECK(effort_sum128_to_int64(&s, &out) && out == -3, "combine crosses the carry");
	}

	/* round trips over many values, both styles */
	{
		uint64_t	x = 0x853c49e6748fea9bull;
		int			bad = 0;
		int64_t		edges[] = {0, 1, -1, 59, 60, 61, 479, 480, 481, 9599, 9600, 9601,
		INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};

		for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++)
			bad += round_trips(edges[k]);
		for (int k = 0; k < 200000; k++)
		{
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mix small and full-range values */
			bad += round_trips(k % 2 ? (int64_t) x : (int64_t) (x % 2000000) - 1000000);
		}
		CHECK(bad == 0, "200016 values round-trip in both styles");
	}

	return unit_done();
}
