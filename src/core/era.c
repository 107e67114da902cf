/*
 * era.c
 *	  Japanese eras and the wareki date form.  See era.h.
 */
#include "era.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * CALENDAR.md "Eras".  明治 starts here on the day Japan adopted the
 * Gregorian calendar (明治6年1月1日), the first day we can name.
 */
const EraInfo era_table[] = {
	{"明治", 'M', 18730101, 1867},
	{"大正", 'T', 19120730, 1911},
	{"昭和", 'S', 19261225, 1925},
	{"平成", 'H', 19890108, 1988},
	{"令和", 'R', 20190501, 2018},
};
const int	era_count = (int) (sizeof(era_table) / sizeof(era_table[0]));

/* One-character ligatures (㍾㍽㍼㍻㋿), in era_table order. */
static const char *const era_ligature[] = {
	"\xE3\x8D\xBE", "\xE3\x8D\xBD", "\xE3\x8D\xBC", "\xE3\x8D\xBB", "\xE3\x8B\xBF"
};

void
wa_error(WaError *err, WaStatus status, const char *hint, const char *fmt,...)
{
	va_list		ap;

	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	snprintf(err->hint, sizeof(err->hint), "%s", hint ? hint : "");
}

int
days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

int
era_of_date(int y, int m, int d)
{
	int64_t		ymd = ymd_pack(y, m, d);

	for (int e = era_count - 1; e >= 0; e--)
		if (ymd >= era_table[e].first_ymd)
			return e;
	return -1;
}

int64_t
era_end_ymd(int e)
{
	return e + 1 < era_count ? era_table[e + 1].first_ymd : INT64_MAX;
}

int
era_last_year(int e)
{
	return e + 1 < era_count ? era_table[e + 1].first_ymd / 10000 : INT32_MAX;
}

size_t
era_year_format(char *buf, size_t len, int e, int gyear)
{
	int			eyear = gyear - era_table[e].offset;
	int			n;

	if (eyear == 1)
		n = snprintf(buf, len, "%s元", era_table[e].name);
	else
		n = snprintf(buf, len, "%s%d", era_table[e].name, eyear);
	return n < 0 ? 0 : (size_t) n;
}

long
wa_normalize(const char *in, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t		i = 0;
	size_t		o = 0;
	size_t		start;

	while (i < len)
	{
		unsigned char c = s[i];

		if (c == 0)
			return -1;
		/* U+FF01..U+FF5E is EF BC 81..EF BC BF, EF BD 80..EF BD 9E */
		if (c == 0xEF && i + 2 < len && (s[i + 1] == 0xBC || s[i + 1] == 0xBD))
		{
			unsigned	cp = 0xFF00 + ((s[i + 1] & 0x01) << 6) + (s[i + 2] & 0x3F);

			if ((s[i + 2] & 0xC0) == 0x80 && cp >= 0xFF01 && cp <= 0xFF5E)
			{
				c = (unsigned char) (cp - 0xFF01 + 0x21);
				i += 3;
				goto ascii;
			}
		}
		if (c == 0xE3 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x80)
		{
			c = ' ';
			i += 3;
			goto ascii;
		}
		out[o++] = (char) c;
		i++;
		continue;
ascii:
		if (c >= 'a' && c <= 'z')
			c = (unsigned char) (c - 'a' + 'A');
		else if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		out[o++] = (char) c;
	}
	/* ASCII letters and blanks typed directly */
	for (size_t k = 0; k < o; k++)
	{
		if (out[k] >= 'a' && out[k] <= 'z')
			out[k] = (char) (out[k] - 'a' + 'A');
		else if (out[k] == '\t' || out[k] == '\n' || out[k] == '\r' ||
				 out[k] == '\f' || out[k] == '\v')
			out[k] = ' ';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	for (start = 0; start < o && out[start] == ' '; start++)
		;
	memmove(out, out + start, o - start);
	o -= start;
	out[o] = '\0';
	return (long) o;
}

void
wa_skip_spaces(WaCursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

int
wa_literal(WaCursor *c, const char *lit)
{
	size_t		n = strlen(lit);

	if ((size_t) (c->end - c->p) >= n && memcmp(c->p, lit, n) == 0)
	{
		c->p += n;
		return 1;
	}
	return 0;
}

int
wa_digits(WaCursor *c, int maxdigits, int *value)
{
	int			n = 0;
	int			v = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
	{
		if (n == maxdigits)
			return -1;			/* too long: the caller reports it */
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	*value = v;
	return n;
}

/* Which era does the cursor name?  Advances past it, or returns -1. */
static int
wa_era_name(WaCursor *c)
{
	for (int e = 0; e < era_count; e++)
	{
		if (wa_literal(c, era_table[e].name) || wa_literal(c, era_ligature[e]))
			return e;
		if (c->p < c->end && *c->p == era_table[e].letter)
		{
			c->p++;
			return e;
		}
	}
	return -1;
}

void
era_span(char *buf, size_t len, int e)
{
	int			f = era_table[e].first_ymd;
	int			y,
				m,
				d;

	if (e + 1 >= era_count)
	{
		snprintf(buf, len, "%04d-%02d-%02d onwards", f / 10000, f / 100 % 100, f % 100);
		return;
	}
	/* the day before the next era began */
	y = era_table[e + 1].first_ymd / 10000;
	m = era_table[e + 1].first_ymd / 100 % 100;
	d = era_table[e + 1].first_ymd % 100 - 1;
	if (d == 0)
	{
		if (--m == 0)
		{
			m = 12;
			y--;
		}
		d = days_in_month(y, m);
	}
	snprintf(buf, len, "%04d-%02d-%02d to %04d-%02d-%02d",
			 f / 10000, f / 100 % 100, f % 100, y, m, d);
}

int
wa_era_year(WaCursor *c, int *eyear, WaError *err)
{
	const char *start = c->p;
	int			e = wa_era_name(c);
	int			n;
	const EraInfo *era;

	if (e < 0)
		return -1;
	era = &era_table[e];
	wa_skip_spaces(c);
	if (wa_literal(c, "元"))
		*eyear = 1;
	else if ((n = wa_digits(c, 7, eyear)) == 0)
	{
		/* a letter that is not followed by a year is no era at all */
		if (c->p - start == 1)
		{
			c->p = start;
			return -1;
		}
		wa_error(err, WA_SYNTAX,
				 "Write the era year in digits, or 元 for year 1: 令和元年, 令和7年.",
				 "%s is not followed by an era year.", era->name);
		return -2;
	}
	else if (n < 0)
	{
		wa_error(err, WA_RANGE, NULL,
				 "The %s year has more than 7 digits.", era->name);
		return -2;
	}
	if (*eyear == 0)
	{
		wa_error(err, WA_ERA,
				 "Write the first year of an era as 元年 (or 1年).",
				 "Era years start at 1: there is no %s0年.", era->name);
		return -2;
	}
	if (*eyear + era->offset < ERA_MIN_YEAR)
	{
		wa_error(err, WA_RANGE,
				 "Japan adopted the Gregorian calendar on 明治6年1月1日; earlier dates are lunisolar.",
				 "%s%d年 (%d) is before 1873, the first year omledger can name.",
				 era->name, *eyear, *eyear + era->offset);
		return -2;
	}
	if (*eyear + era->offset > era_last_year(e))
	{
		int			gyear = *eyear + era->offset;
		char		span[64];
		char		right[64];

		era_span(span, sizeof(span), e);
		era_year_format(right, sizeof(right), era_of_date(gyear, 12, 31), gyear);
		wa_error(err, WA_ERA, NULL,
				 "There is no %s%d年: %s ran from %s.", era->name, *eyear,
				 era->name, span);
		snprintf(err->hint, sizeof(err->hint),
				 "The year %d is %s年.", gyear, right);
		return -2;
	}
	return e;
}

int
wareki_format(char *buf, size_t len, int y, int m, int d)
{
	int			e = era_of_date(y, m, d);
	size_t		n;

	if (e < 0)
		return -1;
	n = era_year_format(buf, len, e, y);
	if (n < len)
		snprintf(buf + n, len - n, "年%d月%d日", m, d);
	return 0;
}

static const char wareki_forms_hint[] =
	"Write a date as 令和7年10月1日, 令和元年5月1日 or R7.10.1 (eras 明治 M, 大正 T, 昭和 S, 平成 H, 令和 R).";

WaStatus
wareki_parse(const char *in, size_t len, int *y, int *m, int *d, WaError *err)
{
	char		buf[512];
	long		n;
	WaCursor	c;
	int			eyear;
	int			e;
	int			mdig;
	int			ddig;
	int64_t		ymd;

	err->status = WA_OK;
	err->detail[0] = err->hint[0] = '\0';
	if (len >= sizeof(buf) || (n = wa_normalize(in, len, buf)) < 0)
	{
		wa_error(err, WA_SYNTAX, wareki_forms_hint,
				 "The text is too long or holds a NUL byte.");
		return err->status;
	}
	c.p = buf;
	c.end = buf + n;
	e = wa_era_year(&c, &eyear, err);
	if (e == -2)
		return err->status;
	if (e == -1)
	{
		wa_error(err, WA_SYNTAX, wareki_forms_hint,
				 "A wareki date starts with an era name or its letter.");
		return err->status;
	}
	wa_skip_spaces(&c);
	if (wa_literal(&c, "年"))
	{
		wa_skip_spaces(&c);
		mdig = wa_digits(&c, 2, m);
		wa_skip_spaces(&c);
		if (mdig <= 0 || !wa_literal(&c, "月"))
			goto syntax;
		wa_skip_spaces(&c);
		ddig = wa_digits(&c, 2, d);
		wa_skip_spaces(&c);
		if (ddig <= 0 || !wa_literal(&c, "日"))
			goto syntax;
	}
	else if (c.p < c.end && (*c.p == '.' || *c.p == '/' || *c.p == '-'))
	{
		char		sep = *c.p++;

		mdig = wa_digits(&c, 2, m);
		if (mdig <= 0 || c.p >= c.end || *c.p != sep)
			goto syntax;
		c.p++;
		ddig = wa_digits(&c, 2, d);
		if (ddig <= 0)
			goto syntax;
	}
	else
		goto syntax;
	if (c.p != c.end)
		goto syntax;

	*y = eyear + era_table[e].offset;
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
	{
		wa_error(err, WA_FIELD, wareki_forms_hint,
				 "%s%d年 (%d) has no day %d-%d.", era_table[e].name, eyear, *y, *m, *d);
		return err->status;
	}
	ymd = ymd_pack(*y, *m, *d);
	if (ymd < era_table[e].first_ymd || ymd >= era_end_ymd(e))
	{
		char		right[64];
		char		span[64];
		int			re = era_of_date(*y, *m, *d);

		if (re < 0)
		{
			wa_error(err, WA_RANGE,
					 "Japan adopted the Gregorian calendar on 明治6年1月1日; earlier dates are lunisolar.",
					 "%04d-%02d-%02d is before 1873-01-01, the first day omledger can name.",
					 *y, *m, *d);
			return err->status;
		}
		wareki_format(right, sizeof(right), *y, *m, *d);
		era_span(span, sizeof(span), e);
		wa_error(err, WA_ERA, NULL,
				 "%04d-%02d-%02d is not in %s, which ran from %s.",
				 *y, *m, *d, era_table[e].name, span);
		snprintf(err->hint, sizeof(err->hint), "That day is written %s.", right);
		return err->status;
	}
	return WA_OK;

syntax:
	wa_error(err, WA_SYNTAX, wareki_forms_hint,
			 "Expected an era, a year, a month and a day.");
	return err->status;
}
