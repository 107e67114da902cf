/*
 * fiscal_period.c
 *	  Parsing, formatting and arithmetic of fiscal_period values.  See
 *	  fiscal_period.h for the encoding and doc/fiscal_period.md for the forms.
 */
#include "fiscal_period.h"

#include <stdio.h>
#include <string.h>

static const char forms_hint[] =
	"Write a fiscal year as FY2025 or 令和7年度, a half as FY2025-H1 or 令和7年度上期, "
	"a quarter as FY2025-Q1 or 令和7年度第1四半期, a month as 2025-04 or 令和7年4月.";

static const char *const gran_names[] = {"year", "half", "quarter", "month"};
static const char *const gran_names_ja[] = {"年度", "半期", "四半期", "月"};

int
fp_months(FpGranularity g)
{
	static const int months[] = {12, 6, 3, 1};

	return months[g & 3];
}

const char *
fp_granularity_name(FpGranularity g)
{
	return gran_names[g & 3];
}

int
fp_granularity_parse(const char *s, size_t len)
{
	for (int g = 0; g < 4; g++)
	{
		size_t		n = strlen(gran_names[g]);
		size_t		i;

		if (len == n)
		{
			for (i = 0; i < n; i++)
			{
				char		c = s[i];

				if (c >= 'A' && c <= 'Z')
					c = (char) (c - 'A' + 'a');
				if (c != gran_names[g][i])
					break;
			}
			if (i == n)
				return g;
		}
		if (len == strlen(gran_names_ja[g]) && memcmp(s, gran_names_ja[g], len) == 0)
			return g;
	}
	return -1;
}

int
fp_valid(FiscalPeriod p)
{
	int32_t		idx = fp_index(p);

	return p >= 0 &&
		idx >= FP_MIN_FY * 12 && idx < (FP_MAX_FY + 1) * 12 &&
		idx % 12 % fp_months(fp_granularity(p)) == 0;
}

/* The value of granularity g that starts in (or holds) fiscal month idx. */
static int
fp_make(int64_t idx, FpGranularity g, FiscalPeriod *out)
{
	int64_t		moff;

	if (idx < (int64_t) FP_MIN_FY * 12 || idx >= (int64_t) (FP_MAX_FY + 1) * 12)
		return -1;
	moff = idx % 12;
	idx -= moff % fp_months(g);
	*out = (FiscalPeriod) (idx * 4 + g);
	return 0;
}

int
fp_from_month(int y, int m, FpGranularity g, FiscalPeriod *out)
{
	return fp_make((int64_t) y * 12 + (m - 1) - 3, g, out);
}

int
fp_add(FiscalPeriod p, int64_t n, FiscalPeriod *out)
{
	int64_t		step = fp_months(fp_granularity(p));

	/* |n| beyond the whole range cannot land inside it; avoids overflow */
	if (n > 12 * (int64_t) (FP_MAX_FY + 1) || n < -12 * (int64_t) (FP_MAX_FY + 1))
		return -1;
	return fp_make(fp_index(p) + n * step, fp_granularity(p), out);
}

int32_t
fp_diff(FiscalPeriod a, FiscalPeriod b)
{
	return (fp_index(a) - fp_index(b)) / fp_months(fp_granularity(a));
}

FiscalPeriod
fp_parent(FiscalPeriod p, FpGranularity g)
{
	int32_t		idx = fp_index(p);

	idx -= idx % 12 % fp_months(g);
	return idx * 4 + g;
}

int
fp_contains(FiscalPeriod a, FiscalPeriod b)
{
	return fp_first_month(a) <= fp_first_month(b) && fp_end_month(b) <= fp_end_month(a);
}

int
fp_overlaps(FiscalPeriod a, FiscalPeriod b)
{
	return fp_first_month(a) < fp_end_month(b) && fp_first_month(b) < fp_end_month(a);
}

int
fp_contains_month(FiscalPeriod p, int y, int m)
{
	int64_t		mon = (int64_t) y * 12 + m - 1;

	return fp_first_month(p) <= mon && mon < fp_end_month(p);
}

void
fp_format(FiscalPeriod p, FpStyle style, char *buf, size_t len)
{
	int			fy = fp_fiscal_year(p);
	int			moff = fp_index(p) % 12;
	int32_t		mon = fp_first_month(p);
	int			y = mon / 12;
	int			m = mon % 12 + 1;
	FpGranularity g = fp_granularity(p);
	size_t		n;

	if (style == FP_STYLE_ISO)
	{
		switch (g)
		{
			case FP_YEAR:
				snprintf(buf, len, "FY%04d", fy);
				break;
			case FP_HALF:
				snprintf(buf, len, "FY%04d-H%d", fy, moff / 6 + 1);
				break;
			case FP_QUARTER:
				snprintf(buf, len, "FY%04d-Q%d", fy, moff / 3 + 1);
				break;
			case FP_MONTH:
				snprintf(buf, len, "%04d-%02d", y, m);
				break;
		}
		return;
	}

	/*
	 * CALENDAR.md "Fiscal years": a fiscal year (and so its halves and
	 * quarters) takes the era in force on 31 December of its first year; a
	 * month the era in force on its first day.
	 */
	if (g == FP_MONTH)
	{
		n = era_year_format(buf, len, era_of_date(y, m, 1), y);
		if (n < len)
			snprintf(buf + n, len - n, "年%d月", m);
		return;
	}
	n = era_year_format(buf, len, era_of_date(fy, 12, 31), fy);
	if (n >= len)
		return;
	if (g == FP_YEAR)
		snprintf(buf + n, len - n, "年度");
	else if (g == FP_HALF)
		snprintf(buf + n, len - n, "年度%s", moff < 6 ? "上期" : "下期");
	else
		snprintf(buf + n, len - n, "年度第%d四半期", moff / 3 + 1);
}

/* ------------------------------------------------------------------ input */

/* A suffix after 年度: 上期, 第2四半期, H1, Q3; or nothing. */
static int
parse_fy_suffix(WaCursor *c, FpGranularity *g, int *moff)
{
	static const char *const kanji_digits[] = {"一", "二", "三", "四"};
	int			q;

	*g = FP_YEAR;
	*moff = 0;
	if (c->p == c->end)
		return 0;
	if (wa_literal(c, "上半期") || wa_literal(c, "上期"))
	{
		*g = FP_HALF;
		return 0;
	}
	if (wa_literal(c, "下半期") || wa_literal(c, "下期"))
	{
		*g = FP_HALF;
		*moff = 6;
		return 0;
	}
	if (wa_literal(c, "第"))
	{
		wa_skip_spaces(c);
		q = 0;
		for (int k = 0; k < 4 && q == 0; k++)
			if (wa_literal(c, kanji_digits[k]))
				q = k + 1;
		if (q == 0 && wa_digits(c, 1, &q) != 1)
			return -1;
		wa_skip_spaces(c);
		if (!wa_literal(c, "四半期"))
			return -1;
		if (q < 1 || q > 4)
			return -2;
		*g = FP_QUARTER;
		*moff = (q - 1) * 3;
		return 0;
	}
	if (c->p < c->end && (*c->p == 'H' || *c->p == 'Q'))
	{
		int			half = *c->p++ == 'H';

		if (wa_digits(c, 1, &q) != 1)
			return -1;
		if (q < 1 || q > (half ? 2 : 4))
			return -2;
		*g = half ? FP_HALF : FP_QUARTER;
		*moff = (q - 1) * (half ? 6 : 3);
		return 0;
	}
	return -1;
}

/* Rejects a period written in an era it has no day in. */
static WaStatus
check_era(FiscalPeriod p, int era, const char *written, WaError *err)
{
	int32_t		first = fp_first_month(p);
	int32_t		end = fp_end_month(p);
	int64_t		first_ymd = ymd_pack(first / 12, first % 12 + 1, 1);
	int64_t		end_ymd = ymd_pack(end / 12, end % 12 + 1, 1);
	char		span[64];
	char		iso[FP_OUTPUT_LEN];
	char		right[FP_OUTPUT_LEN];

	if (first_ymd < era_end_ymd(era) && end_ymd > era_table[era].first_ymd)
		return WA_OK;
	era_span(span, sizeof(span), era);
	fp_format(p, FP_STYLE_ISO, iso, sizeof(iso));
	fp_format(p, FP_STYLE_WAREKI, right, sizeof(right));
	wa_error(err, WA_ERA, NULL,
			 "%s names %s, which has no day in %s (%s).",
			 written, iso, era_table[era].name, span);
	snprintf(err->hint, sizeof(err->hint), "Write %s or %s.", right, iso);
	return WA_ERA;
}

static WaStatus
range_error(WaError *err)
{
	wa_error(err, WA_RANGE, NULL, "%s", FP_RANGE_DETAIL);
	return WA_RANGE;
}

WaStatus
fp_parse(const char *in, size_t len, FiscalPeriod *out, WaError *err)
{
	char		buf[256];
	long		n;
	WaCursor	c;
	int			era = -1;
	int			year;
	int			eyear = 0;
	int			m;
	int			moff;
	int			nd;
	FpGranularity g;

	err->status = WA_OK;
	err->detail[0] = err->hint[0] = '\0';
	if (len >= sizeof(buf) || (n = wa_normalize(in, len, buf)) < 0)
	{
		wa_error(err, WA_SYNTAX, forms_hint, "The text is too long or holds a NUL byte.");
		return WA_SYNTAX;
	}
	c.p = buf;
	c.end = buf + n;

	if (wa_literal(&c, "FY"))
	{
		wa_skip_spaces(&c);
		if ((nd = wa_digits(&c, 9, &year)) == 0)
			goto syntax;
		if (nd < 0)
			return range_error(err);
		/* FY2025-H1, FY2025 H1, FY2025H1; a separator needs a suffix */
		if (c.p < c.end && (*c.p == '-' || *c.p == ' ') && ++c.p == c.end)
			goto syntax;
		if ((nd = parse_fy_suffix(&c, &g, &moff)) < 0 || c.p != c.end)
			goto syntax_or_field;
		if (year < FP_MIN_FY || year > FP_MAX_FY)
			return range_error(err);
		*out = (FiscalPeriod) ((year * 12 + moff) * 4 + g);
		return WA_OK;
	}

	era = wa_era_year(&c, &eyear, err);
	if (era == -2)
		return err->status;
	if (era >= 0)
		year = eyear + era_table[era].offset;
	else if ((nd = wa_digits(&c, 9, &year)) == 0)
		goto syntax;
	else if (nd < 0)
		return range_error(err);
	else if (c.p < c.end && (*c.p == '-' || *c.p == '/'))
	{
		/* 2025-04: a calendar month */
		c.p++;
		if (wa_digits(&c, 2, &m) <= 0 || c.p != c.end)
			goto syntax;
		goto month;
	}

	wa_skip_spaces(&c);
	if (wa_literal(&c, "年度"))
	{
		wa_skip_spaces(&c);
		if ((nd = parse_fy_suffix(&c, &g, &moff)) < 0 || c.p != c.end)
			goto syntax_or_field;
		if (year < FP_MIN_FY || year > FP_MAX_FY)
			return range_error(err);
		*out = (FiscalPeriod) ((year * 12 + moff) * 4 + g);
		return era >= 0 ? check_era(*out, era, buf, err) : WA_OK;
	}
	if (!wa_literal(&c, "年"))
		goto syntax;
	wa_skip_spaces(&c);
	if (wa_digits(&c, 2, &m) <= 0)
		goto syntax;
	wa_skip_spaces(&c);
	if (!wa_literal(&c, "月") || c.p != c.end)
		goto syntax;

month:
	if (m < 1 || m > 12)
	{
		wa_error(err, WA_FIELD, "Months are numbered 1 to 12.",
				 "There is no month %d.", m);
		return WA_FIELD;
	}
	if (fp_from_month(year, m, FP_MONTH, out) < 0)
		return range_error(err);
	return era >= 0 ? check_era(*out, era, buf, err) : WA_OK;

syntax_or_field:
	if (nd == -2)
	{
		wa_error(err, WA_FIELD, forms_hint,
				 "A fiscal year has halves 1 and 2 and quarters 1 to 4.");
		return WA_FIELD;
	}
syntax:
	wa_error(err, WA_SYNTAX, forms_hint, "This is none of the fiscal_period forms.");
	return WA_SYNTAX;
}
