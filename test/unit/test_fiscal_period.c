/*
 * test_fiscal_period.c -- unit tests of src/core/era.c and fiscal_period.c:
 * the exhaustive round trip of every period in both styles, the sort order
 * of the encoding, arithmetic, era boundaries and the wareki date form.
 */
#include "unit.h"

#include "era.h"
#include "fiscal_period.h"

static FiscalPeriod
parse(const char *s, WaStatus *st)
{
	FiscalPeriod p = -1;
	WaError		err;

	*st = fp_parse(s, strlen(s), &p, &err);
	return p;
}

static const char *
fmt(FiscalPeriod p, FpStyle style)
{
	static char buf[2][FP_OUTPUT_LEN];
	static int	k;

	k ^= 1;
	fp_format(p, style, buf[k], sizeof(buf[k]));
	return buf[k];
}

static const char *
parse_fmt(const char *s, FpStyle style)
{
	WaStatus	st;
	FiscalPeriod p = parse(s, &st);

	return st == WA_OK ? fmt(p, style) : "(error)";
}

static WaStatus
parse_status(const char *s)
{
	WaStatus	st;

	parse(s, &st);
	return st;
}

/* Every period of every granularity, in sort order: both styles parse back. */
static void
test_exhaustive(void)
{
	int			bad = 0;
	long		n = 0;
	FiscalPeriod prev = -1;

	for (int fy = FP_MIN_FY; fy <= FP_MAX_FY; fy++)
	{
		for (int moff = 0; moff < 12; moff++)
		{
			for (int g = FP_YEAR; g <= FP_MONTH; g++)
			{
				FiscalPeriod p = (fy * 12 + moff) * 4 + g;
				FiscalPeriod q;
				WaStatus	st;

				if (moff % fp_months((FpGranularity) g) != 0)
				{
					bad += QUIET_CHECK(!fp_valid(p), "%d is not a period", p);
					continue;
				}
				n++;
				bad += QUIET_CHECK(fp_valid(p), "%d valid", p);
				bad += QUIET_CHECK(p > prev, "%d sorts after %d", p, prev);
				prev = p;
				for (int style = 0; style < 2; style++)
				{
					const char *s = fmt(p, (FpStyle) style);

					q = parse(s, &st);
					bad += QUIET_CHECK(st == WA_OK && q == p,
									   "%s parses back to %d (got %d, status %d)", s, p, q, st);
				}
				/* the period of each of its months' first days is itself */
				bad += QUIET_CHECK(fp_from_month(fp_first_month(p) / 12, fp_first_month(p) % 12 + 1,
												 (FpGranularity) g, &q) == 0 && q == p,
								   "from_month(first month of %d)", p);
				if (fp_add(p, 1, &q) == 0)
					bad += QUIET_CHECK(fp_first_month(q) == fp_end_month(p) &&
									   fp_diff(q, p) == 1 && fp_contains(fp_parent(p, FP_YEAR), p),
									   "successor of %d", p);
			}
		}
	}
	CHECK(bad == 0 && n == (long) (FP_MAX_FY - FP_MIN_FY + 1) * 19,
		  "all %ld periods FY%d..FY%d round-trip in both styles and sort by first day, coarser first",
		  n, FP_MIN_FY, FP_MAX_FY);
}

static void
test_order(void)
{
	WaStatus	st;
	const char *order[] = {"FY2024-Q4", "2026-03", "FY2025", "FY2025-H1", "FY2025-Q1", "2025-04",
	"2025-05", "2025-06", "FY2025-Q2", "2025-07", "FY2025-H2", "FY2025-Q3", "2025-10"};

	/* 2026-03 is FY2025's last month: it sorts after FY2025-Q4, not before FY2025 */
	CHECK(parse("FY2025", &st) < parse("FY2025-H1", &st) &&
		  parse("FY2025-H1", &st) < parse("FY2025-Q1", &st) &&
		  parse("FY2025-Q1", &st) < parse("2025-04", &st), "FY2025 < FY2025-H1 < FY2025-Q1 < 2025-04");
	for (size_t i = 2; i + 1 < sizeof(order) / sizeof(order[0]); i++)
		CHECK(parse(order[i], &st) < parse(order[i + 1], &st), "%s < %s", order[i], order[i + 1]);
	CHECK(parse("FY2024-Q4", &st) < parse("2025-01", &st) &&
		  parse("2025-03", &st) < parse("FY2025", &st), "FY2024-Q4 < 2025-01 .. 2025-03 < FY2025");
	CHECK_INT(parse("FY2025", &st), (2025 * 12) * 4, "the encoding of FY2025 is 4*12*2025");
	CHECK_INT(parse("2025-10", &st), (2025 * 12 + 6) * 4 + 3, "the encoding of 2025-10");
}

static void
test_forms(void)
{
	CHECK_STR(parse_fmt("令和7年度", FP_STYLE_ISO), "FY2025", "令和7年度");
	CHECK_STR(parse_fmt("令和元年度", FP_STYLE_ISO), "FY2019", "令和元年度");
	CHECK_STR(parse_fmt("平成31年度", FP_STYLE_ISO), "FY2019", "平成31年度 = FY2019");
	CHECK_STR(parse_fmt("平成31年度", FP_STYLE_WAREKI), "令和元年度", "FY2019 is written 令和元年度");
	CHECK_STR(parse_fmt("平成31年度下期", FP_STYLE_WAREKI), "令和元年度下期", "平成31年度下期");
	CHECK_STR(parse_fmt("FY1988", FP_STYLE_WAREKI), "昭和63年度", "FY1988 = 昭和63年度");
	CHECK_STR(parse_fmt("FY1989", FP_STYLE_WAREKI), "平成元年度", "FY1989 = 平成元年度");
	CHECK_STR(parse_fmt("FY1926", FP_STYLE_WAREKI), "昭和元年度", "FY1926 = 昭和元年度 (昭和 on 31 Dec 1926)");
	CHECK_STR(parse_fmt("FY1912-Q1", FP_STYLE_WAREKI), "大正元年度第1四半期", "FY1912-Q1");
	CHECK_STR(parse_fmt("1989-01", FP_STYLE_WAREKI), "昭和64年1月", "1989-01 takes the era of its first day");
	CHECK_STR(parse_fmt("1989-02", FP_STYLE_WAREKI), "平成元年2月", "1989-02");
	CHECK_STR(parse_fmt("2019-04", FP_STYLE_WAREKI), "平成31年4月", "2019-04");
	CHECK_STR(parse_fmt("2019-05", FP_STYLE_WAREKI), "令和元年5月", "2019-05");
	CHECK_STR(parse_fmt("1926-12", FP_STYLE_WAREKI), "大正15年12月", "1926-12");
	CHECK_STR(parse_fmt("平成元年1月", FP_STYLE_ISO), "1989-01", "平成元年1月 (partly 平成) is accepted");
	CHECK_STR(parse_fmt("令和７年度第３四半期", FP_STYLE_ISO), "FY2025-Q3", "full-width digits");
	CHECK_STR(parse_fmt("Ｒ７年１０月", FP_STYLE_ISO), "2025-10", "full-width letter");
	CHECK_STR(parse_fmt("H31年4月", FP_STYLE_ISO), "2019-04", "one-letter era");
	CHECK_STR(parse_fmt("㍻31年4月", FP_STYLE_ISO), "2019-04", "ligature era");
	CHECK_STR(parse_fmt("fy2025-q2", FP_STYLE_ISO), "FY2025-Q2", "lower case");
	CHECK_STR(parse_fmt("2025年度第四四半期", FP_STYLE_ISO), "FY2025-Q4", "kanji quarter number");
	CHECK_STR(parse_fmt("FY2025-H2", FP_STYLE_WAREKI), "令和7年度下期", "halves print 上期/下期");

	CHECK_INT(parse_status("令和元年4月"), WA_ERA, "令和元年4月 is rejected");
	CHECK_INT(parse_status("平成31年5月"), WA_ERA, "平成31年5月 is rejected");
	CHECK_INT(parse_status("令和0年度"), WA_ERA, "令和0年度 is rejected");
	CHECK_INT(parse_status("平成32年度"), WA_ERA, "平成32年度 is rejected");
	CHECK_INT(parse_status("昭和64年度"), WA_ERA, "昭和64年度 is rejected");
	CHECK_INT(parse_status("昭和64年1月"), WA_OK, "昭和64年1月 is accepted");
	CHECK_INT(parse_status("明治5年度"), WA_RANGE, "明治5年度 is out of range");
	CHECK_INT(parse_status("FY1872"), WA_RANGE, "FY1872 is out of range");
	CHECK_INT(parse_status("FY9999"), WA_RANGE, "FY9999 is out of range");
	CHECK_INT(parse_status("FY2025-Q5"), WA_FIELD, "FY2025-Q5");
	CHECK_INT(parse_status("2025-13"), WA_FIELD, "2025-13");
	CHECK_INT(parse_status("FY2025-"), WA_SYNTAX, "FY2025-");
	CHECK_INT(parse_status("FY2025\0"), WA_OK, "a C string ends at its NUL");
	{
		FiscalPeriod p;
		WaError		err;

		CHECK_INT(fp_parse("FY2025\0x", 8, &p, &err), WA_SYNTAX, "an embedded NUL is rejected");
	}
}

static void
test_arithmetic(void)
{
	WaStatus	st;
	FiscalPeriod p,
				q;

	p = parse("FY2025-Q4", &st);
	CHECK(fp_add(p, 1, &q) == 0 && q == parse("FY2026-Q1", &st), "FY2025-Q4 + 1");
	CHECK(fp_add(p, -4, &q) == 0 && q == parse("FY2024-Q4", &st), "FY2025-Q4 - 4");
	CHECK_INT(fp_diff(parse("FY2030-H1", &st), parse("FY2025-H2", &st)), 9, "FY2030-H1 - FY2025-H2");
	CHECK_INT(fp_diff(parse("2025-04", &st), parse("2026-03", &st)), -11, "2025-04 - 2026-03");
	CHECK(fp_add(parse("FY9998-Q4", &st), 1, &q) < 0, "FY9998-Q4 + 1 overflows");
	CHECK(fp_add(parse("1873-04", &st), -1, &q) < 0, "1873-04 - 1 overflows");
	CHECK(fp_add(parse("FY2025", &st), INT64_MAX / 2, &q) < 0, "a huge step overflows without UB");
	CHECK(fp_add(parse("FY2025", &st), INT64_MIN / 2, &q) < 0, "a huge negative step overflows");
	CHECK(fp_parent(parse("2025-11", &st), FP_HALF) == parse("FY2025-H2", &st), "parent half of 2025-11");
	CHECK(fp_parent(parse("2026-02", &st), FP_YEAR) == parse("FY2025", &st), "parent year of 2026-02");
	CHECK(fp_contains(parse("FY2025-H2", &st), parse("2026-03", &st)), "FY2025-H2 @> 2026-03");
	CHECK(!fp_contains(parse("FY2025-Q3", &st), parse("FY2025-H2", &st)), "not FY2025-Q3 @> FY2025-H2");
	CHECK(fp_overlaps(parse("FY2025-Q3", &st), parse("FY2025-H2", &st)), "FY2025-Q3 && FY2025-H2");
	CHECK(!fp_overlaps(parse("FY2025-Q3", &st), parse("FY2025-Q4", &st)), "not FY2025-Q3 && FY2025-Q4");
	CHECK(fp_contains_month(parse("FY2025", &st), 2026, 3), "FY2025 holds 2026-03");
	CHECK(!fp_contains_month(parse("FY2025", &st), 2026, 4), "FY2025 does not hold 2026-04");
	CHECK_INT(fp_granularity_parse("Quarter", 7), FP_QUARTER, "granularity names are case-insensitive");
	CHECK_INT(fp_granularity_parse("四半期", strlen("四半期")), FP_QUARTER, "四半期");
	CHECK_INT(fp_granularity_parse("week", 4), -1, "week is no granularity");
}

static const char *
wfmt(int y, int m, int d)
{
	static char buf[64];

	if (wareki_format(buf, sizeof(buf), y, m, d) < 0)
		return "(none)";
	return buf;
}

static const char *
wparse(const char *s)
{
	static char buf[64];
	int			y,
				m,
				d;
	WaError		err;

	if (wareki_parse(s, strlen(s), &y, &m, &d, &err) != WA_OK)
		snprintf(buf, sizeof(buf), "(error %d)", err.status);
	else
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return buf;
}

static void
test_eras(void)
{
	CHECK_STR(wfmt(2025, 10, 1), "令和7年10月1日", "to_wareki 2025-10-01");
	CHECK_STR(wfmt(2019, 5, 1), "令和元年5月1日", "to_wareki 2019-05-01");
	CHECK_STR(wfmt(2019, 4, 30), "平成31年4月30日", "to_wareki 2019-04-30");
	CHECK_STR(wfmt(1989, 1, 7), "昭和64年1月7日", "to_wareki 1989-01-07");
	CHECK_STR(wfmt(1989, 1, 8), "平成元年1月8日", "to_wareki 1989-01-08");
	CHECK_STR(wfmt(1926, 12, 24), "大正15年12月24日", "to_wareki 1926-12-24");
	CHECK_STR(wfmt(1926, 12, 25), "昭和元年12月25日", "to_wareki 1926-12-25");
	CHECK_STR(wfmt(1912, 7, 29), "明治45年7月29日", "to_wareki 1912-07-29");
	CHECK_STR(wfmt(1912, 7, 30), "大正元年7月30日", "to_wareki 1912-07-30");
	CHECK_STR(wfmt(1873, 1, 1), "明治6年1月1日", "to_wareki 1873-01-01");
	CHECK_STR(wfmt(1872, 12, 31), "(none)", "no wareki before 1873");

	CHECK_STR(wparse("令和7年10月1日"), "2025-10-01", "令和7年10月1日");
	CHECK_STR(wparse("令和元年5月1日"), "2019-05-01", "令和元年5月1日");
	CHECK_STR(wparse("平成31年4月30日"), "2019-04-30", "平成31年4月30日");
	CHECK_STR(wparse("R7.10.1"), "2025-10-01", "R7.10.1");
	CHECK_STR(wparse("H31.4.30"), "2019-04-30", "H31.4.30");
	CHECK_STR(wparse("R07/10/01"), "2025-10-01", "R07/10/01");
	CHECK_STR(wparse("r1-5-1"), "2019-05-01", "r1-5-1");
	CHECK_STR(wparse("Ｒ７．１０．１"), "2025-10-01", "full-width R7.10.1");
	CHECK_STR(wparse(" 令和 7 年 10 月 1 日 "), "2025-10-01", "spaces between parts");
	CHECK_STR(wparse("R6.2.29"), "2024-02-29", "R6.2.29 (leap)");
	CHECK_STR(wparse("R7.2.29"), "(error 2)", "R7.2.29 does not exist");
	CHECK_STR(wparse("H31.5.1"), "(error 3)", "H31.5.1 is in 令和");
	CHECK_STR(wparse("令和元年4月30日"), "(error 3)", "令和元年4月30日 is in 平成");
	CHECK_STR(wparse("平成元年1月7日"), "(error 3)", "平成元年1月7日 is in 昭和");
	CHECK_STR(wparse("昭和64年1月7日"), "1989-01-07", "昭和64年1月7日");
	CHECK_STR(wparse("平成32年1月1日"), "(error 3)", "平成32年 does not exist");
	CHECK_STR(wparse("令和0年1月1日"), "(error 3)", "令和0年 does not exist");
	CHECK_STR(wparse("明治5年12月31日"), "(error 4)", "明治5年 is before 1873");
	CHECK_STR(wparse("R7.10/1"), "(error 1)", "mixed separators");
	CHECK_STR(wparse("R7.10.1x"), "(error 1)", "trailing junk");
	CHECK_STR(wparse("2025-10-01"), "(error 1)", "no era");
	CHECK_STR(wparse("R7年10月1"), "(error 1)", "no 日");

	/* every day from 1873 to 2200 round-trips through the wareki form */
	{
		int			bad = 0;
		long		n = 0;

		for (int y = 1873; y <= 2200; y++)
			for (int m = 1; m <= 12; m++)
				for (int d = 1; d <= days_in_month(y, m); d++)
				{
					char		buf[64];
					int			yy,
								mm,
								dd;
					WaError		err;

					n++;
					wareki_format(buf, sizeof(buf), y, m, d);
					bad += QUIET_CHECK(wareki_parse(buf, strlen(buf), &yy, &mm, &dd, &err) == WA_OK &&
									   yy == y && mm == m && dd == d, "%s", buf);
				}
		CHECK(bad == 0, "all %ld days 1873-01-01..2200-12-31 round-trip through wareki", n);
	}
}

int
main(void)
{
	test_exhaustive();
	test_order();
	test_forms();
	test_arithmetic();
	test_eras();
	return unit_done();
}
