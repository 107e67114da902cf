/*
 * effort.c
 *	  Pure core of the effort type: parse, format, decimal views, 128-bit
 *	  sums.  See effort.h and doc/effort.md.
 *
 * The parser works on bytes of UTF-8 text.  It recognises ASCII and the few
 * full-width characters a Japanese keyboard produces (digits, '．', '－', the
 * ideographic space); every other non-ASCII byte is simply "not a unit".
 * It never rounds: a term that is not a whole number of minutes is an error.
 */
#include "effort.h"

#include <string.h>

#define MAG_LIMIT		(UINT64_C(1) << 63)	/* |INT64_MIN| */

/*
 * A fraction with more than this many significant digits is never a whole
 * number of minutes: 10^k must divide d * 9600 = d * 2^7 * 3 * 5^2 with d not
 * a multiple of 10, which needs k <= 7.
 */
#define MAX_FRAC_DIGITS 7

static const struct
{
	const char *name;			/* lower case */
	int64_t		minutes;
}			effort_units[] =
{
	{"person-months", EFFORT_MIN_PER_PM},
	{"person-month", EFFORT_MIN_PER_PM},
	{"man-months", EFFORT_MIN_PER_PM},
	{"man-month", EFFORT_MIN_PER_PM},
	{"pm", EFFORT_MIN_PER_PM},
	{"mm", EFFORT_MIN_PER_PM},
	{"\xe4\xba\xba\xe6\x9c\x88", EFFORT_MIN_PER_PM},	/* 人月 */
	{"person-days", EFFORT_MIN_PER_PD},
	{"person-day", EFFORT_MIN_PER_PD},
	{"man-days", EFFORT_MIN_PER_PD},
	{"man-day", EFFORT_MIN_PER_PD},
	{"pd", EFFORT_MIN_PER_PD},
	{"md", EFFORT_MIN_PER_PD},
	{"\xe4\xba\xba\xe6\x97\xa5", EFFORT_MIN_PER_PD},	/* 人日 */
	{"hours", EFFORT_MIN_PER_HOUR},
	{"hour", EFFORT_MIN_PER_HOUR},
	{"hr", EFFORT_MIN_PER_HOUR},
	{"h", EFFORT_MIN_PER_HOUR},
	{"\xe6\x99\x82\xe9\x96\x93", EFFORT_MIN_PER_HOUR},	/* 時間 */
	{"minutes", 1},
	{"minute", 1},
	{"min", 1},
	{"\xe5\x88\x86", 1},		/* 分 */
};

/* Output units, largest first: English and Japanese spellings. */
static const struct
{
	int64_t		minutes;
	const char *en;
	const char *ja;
}			effort_out_units[] =
{
	{EFFORT_MIN_PER_PM, "pm", "\xe4\xba\xba\xe6\x9c\x88"},
	{EFFORT_MIN_PER_PD, "pd", "\xe4\xba\xba\xe6\x97\xa5"},
	{EFFORT_MIN_PER_HOUR, "h", "\xe6\x99\x82\xe9\x96\x93"},
	{1, "min", "\xe5\x88\x86"},
};

#define lengthof(a) (sizeof(a) / sizeof((a)[0]))

/* Full-width forms are EF BC xx in UTF-8: U+FF0D '－', U+FF0E '．', U+FF10.. digits. */
static bool
is_fullwidth(const char *s, size_t len, size_t i, unsigned char lo, unsigned char hi,
			 unsigned char *third)
{
	if (i + 3 > len)
		return false;
	if ((unsigned char) s[i] != 0xEF || (unsigned char) s[i + 1] != 0xBC)
		return false;
	*third = (unsigned char) s[i + 2];
	return *third >= lo && *third <= hi;
}

/* A digit at s[i]: its value and byte length, or -1. */
static int
digit_at(const char *s, size_t len, size_t i, size_t *width)
{
	unsigned char c;

	if (i >= len)
		return -1;
	if (s[i] >= '0' && s[i] <= '9')
	{
		*width = 1;
		return s[i] - '0';
	}
	if (is_fullwidth(s, len, i, 0x90, 0x99, &c))
	{
		*width = 3;
		return c - 0x90;
	}
	return -1;
}

/*
 * Byte length of the ASCII punctuation ch (0x21..0x3F) at s[i] or of its
 * full-width form, U+FF01..U+FF1F = EF BC (0x60 + ch) in UTF-8; or 0.
 * Used for the decimal point ('.', '．') and the minus sign ('-', '－').
 */
static size_t
punct_at(const char *s, size_t len, size_t i, char ch)
{
	unsigned char fw = (unsigned char) (0x60 + ch);
	unsigned char c;

	if (i < len && s[i] == ch)
		return 1;
	if (is_fullwidth(s, len, i, fw, fw, &c))
		return 3;
	return 0;
}

/* Byte length of white space at s[i] (ASCII or U+3000), or 0. */
static size_t
space_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	switch (s[i])
	{
		case ' ':
		case '\t':
		case '\n':
		case '\r':
		case '\v':
		case '\f':
			return 1;
	}
	if (i + 3 <= len && (unsigned char) s[i] == 0xE3 &&
		(unsigned char) s[i + 1] == 0x80 && (unsigned char) s[i + 2] == 0x80)
		return 3;
	return 0;
}

static size_t
skip_space(const char *s, size_t len, size_t i)
{
	size_t		w;

	while ((w = space_at(s, len, i)) > 0)
		i += w;
	return i;
}

/* The unit spelled at s[i] (longest match, ASCII case-insensitive). */
static int64_t
unit_at(const char *s, size_t len, size_t i, size_t *width)
{
	size_t		best_len = 0;
	int64_t		best = 0;

	for (size_t u = 0; u < lengthof(effort_units); u++)
	{
		const char *name = effort_units[u].name;
		size_t		n = strlen(name);
		size_t		k;

		if (n <= best_len || i + n > len)
			continue;
		for (k = 0; k < n; k++)
		{
			char		c = s[i + k];

			if (c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			if (c != name[k])
				break;
		}
		if (k == n)
		{
			best_len = n;
			best = effort_units[u].minutes;
		}
	}
	*width = best_len;
	return best;
}

/*
 * End of a bad unit word for the error message: up to the next white space,
 * ASCII digit or end.  Stopping on ASCII only keeps the cut on a character
 * boundary.
 */
static size_t
word_end(const char *s, size_t len, size_t i)
{
	while (i < len && space_at(s, len, i) == 0 && !(s[i] >= '0' && s[i] <= '9'))
		i++;
	return i;
}

/*
 * A decimal number: integer part (saturating: *int_overflow) and the
 * fraction reduced to frac / 10^frac_digits without trailing zeros.
 * Returns the byte length, 0 if there is no number at s[i].
 */
typedef struct Number
{
	uint64_t	int_part;
	bool		int_overflow;
	uint64_t	frac;
	int			frac_digits;	/* > MAX_FRAC_DIGITS: too fine to be whole */
} Number;

static size_t
number_at(const char *s, size_t len, size_t i, Number *num)
{
	size_t		start = i,
				w,
				pw;
	int			d,
				ndigits = 0,
				zeros = 0;

	memset(num, 0, sizeof(*num));
	while ((d = digit_at(s, len, i, &w)) >= 0)
	{
		if (num->int_part > (UINT64_MAX - 9) / 10)
			num->int_overflow = true;
		else
			num->int_part = num->int_part * 10 + (uint64_t) d;
		i += w;
		ndigits++;
	}
	pw = punct_at(s, len, i, '.');
	if (pw > 0 && digit_at(s, len, i + pw, &w) >= 0)
	{
		i += pw;
		while ((d = digit_at(s, len, i, &w)) >= 0)
		{
			i += w;
			ndigits++;
			if (d == 0)
			{
				zeros++;
				continue;
			}
			if (num->frac_digits + zeros + 1 > MAX_FRAC_DIGITS)
				num->frac_digits = MAX_FRAC_DIGITS + 1;
			else
			{
				for (; zeros >= 0; zeros--)
				{
					num->frac *= 10;
					num->frac_digits++;
				}
				num->frac += (uint64_t) d;
			}
			zeros = 0;
		}
	}
	return ndigits > 0 ? i - start : 0;
}

/*
 * The minutes of one term, number * unit, into *out.  Returns EFFORT_OK,
 * EFFORT_ERR_FRACTION or EFFORT_ERR_RANGE (magnitude above 2^63).
 */
static EffortParseStatus
term_minutes(const Number *num, int64_t unit, uint64_t *out)
{
	uint64_t	whole,
				part,
				scale = 1;

	if (num->frac_digits > MAX_FRAC_DIGITS)
		return EFFORT_ERR_FRACTION;
	for (int k = 0; k < num->frac_digits; k++)
		scale *= 10;
	/* frac < 10^7 and unit <= 9600: no overflow */
	part = num->frac * (uint64_t) unit;
	if (part % scale != 0)
		return EFFORT_ERR_FRACTION;
	part /= scale;
	if (num->int_overflow || num->int_part > MAG_LIMIT / (uint64_t) unit)
		return EFFORT_ERR_RANGE;
	whole = num->int_part * (uint64_t) unit;
	if (whole > MAG_LIMIT - part)
		return EFFORT_ERR_RANGE;
	*out = whole + part;
	return EFFORT_OK;
}

static EffortParseResult
parse_error(EffortParseStatus status, size_t start, size_t end)
{
	EffortParseResult r;

	r.status = status;
	r.minutes = 0;
	r.err_start = start;
	r.err_end = end;
	return r;
}

EffortParseResult
effort_parse(const char *s, size_t len)
{
	EffortParseResult r;
	uint64_t	total = 0;
	bool		negative = false;
	int			terms = 0;
	size_t		i,
				w;

	i = skip_space(s, len, 0);
	if ((w = punct_at(s, len, i, '-')) > 0)
	{
		negative = true;
		i = skip_space(s, len, i + w);
	}
	if (i >= len)
		return parse_error(EFFORT_ERR_EMPTY, 0, len);

	while (i < len)
	{
		Number		num;
		size_t		term_start = i,
					nw,
					uw;
		int64_t		unit;
		uint64_t	minutes = 0;
		EffortParseStatus st;

		nw = number_at(s, len, i, &num);
		if (nw == 0)
			return parse_error(EFFORT_ERR_SYNTAX, i, word_end(s, len, i + 1));
		i = skip_space(s, len, i + nw);
		unit = unit_at(s, len, i, &uw);
		if (uw == 0)
		{
			/* "0" alone is the canonical zero; any other bare number lacks a unit */
			if (i >= len && terms == 0 && num.int_part == 0 &&
				!num.int_overflow && num.frac == 0)
				break;
			if (i >= len || space_at(s, len, i) || digit_at(s, len, i, &w) >= 0)
				return parse_error(EFFORT_ERR_NO_UNIT, term_start, term_start + nw);
			return parse_error(EFFORT_ERR_BAD_UNIT, i, word_end(s, len, i));
		}
		/* "2hrs": a unit followed by more letters is a different, unknown word */
		if (i + uw < len && ((s[i + uw] | 0x20) >= 'a' && (s[i + uw] | 0x20) <= 'z'))
			return parse_error(EFFORT_ERR_BAD_UNIT, i, word_end(s, len, i));
		i += uw;
		st = term_minutes(&num, unit, &minutes);
		if (st == EFFORT_ERR_FRACTION)
			return parse_error(st, term_start, i);
		if (st != EFFORT_OK || minutes > MAG_LIMIT - total)
			return parse_error(EFFORT_ERR_RANGE, 0, len);
		total += minutes;
		terms++;
		i = skip_space(s, len, i);
	}

	if (!negative && total > (uint64_t) INT64_MAX)
		return parse_error(EFFORT_ERR_RANGE, 0, len);
	r.status = EFFORT_OK;
	/* total <= 2^63: negate in unsigned arithmetic, then convert */
	r.minutes = negative ? (int64_t) (0 - total) : (int64_t) total;
	if (negative && total == MAG_LIMIT)
		r.minutes = INT64_MIN;
	r.err_start = r.err_end = 0;
	return r;
}

/* Decimal digits of v into buf; returns the length. */
static size_t
format_u64(uint64_t v, char *buf)
{
	char		tmp[20];
	size_t		n = 0,
				k;

	do
	{
		tmp[n++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (k = 0; k < n; k++)
		buf[k] = tmp[n - 1 - k];
	return n;
}

size_t
effort_format(int64_t minutes, EffortFormatStyle style, char *buf)
{
	uint64_t	mag;
	size_t		n = 0;
	bool		first = true;

	if (minutes == 0)
	{
		buf[0] = '0';
		buf[1] = '\0';
		return 1;
	}
	if (minutes < 0)
	{
		buf[n++] = '-';
		mag = 0 - (uint64_t) minutes;
	}
	else
		mag = (uint64_t) minutes;

	for (size_t u = 0; u < lengthof(effort_out_units); u++)
	{
		uint64_t	unit = (uint64_t) effort_out_units[u].minutes;
		uint64_t	q = mag / unit;
		const char *name;
		size_t		nl;

		if (q == 0)
			continue;
		mag -= q * unit;
		if (!first && style == EFFORT_FORMAT_EN)
			buf[n++] = ' ';
		first = false;
		n += format_u64(q, buf + n);
		name = style == EFFORT_FORMAT_EN ? effort_out_units[u].en : effort_out_units[u].ja;
		nl = strlen(name);
		memcpy(buf + n, name, nl);
		n += nl;
	}
	buf[n] = '\0';
	return n;
}

size_t
effort_to_decimal(int64_t minutes, int64_t unit, int max_scale, char *buf)
{
	uint64_t	mag = minutes < 0 ? 0 - (uint64_t) minutes : (uint64_t) minutes;
	uint64_t	u = (uint64_t) unit;
	uint64_t	q = mag / u,
				rem = mag % u;
	char		frac[EFFORT_DECIMAL_BUFLEN];
	int			nf = 0;
	size_t		n = 0;

	if (max_scale > EFFORT_DECIMAL_BUFLEN - 24)
		max_scale = EFFORT_DECIMAL_BUFLEN - 24;
	/* long division: rem < unit <= 9600, so rem * 10 cannot overflow */
	while (rem != 0 && nf < max_scale)
	{
		rem *= 10;
		frac[nf++] = (char) ('0' + rem / u);
		rem %= u;
	}
	/* half away from zero on the magnitude */
	if (rem != 0 && rem * 2 >= u)
	{
		int			k = nf - 1;

		while (k >= 0 && frac[k] == '9')
			frac[k--] = '0';
		if (k >= 0)
			frac[k]++;
		else
			q++;
	}
	while (nf > 0 && frac[nf - 1] == '0')
		nf--;

	if (minutes < 0)
		buf[n++] = '-';
	n += format_u64(q, buf + n);
	if (nf > 0)
	{
		buf[n++] = '.';
		memcpy(buf + n, frac, (size_t) nf);
		n += (size_t) nf;
	}
	buf[n] = '\0';
	return n;
}

bool
effort_sum128_to_int64(const EffortSum128 *s, int64_t *out)
{
	/* fits iff the high half is the sign extension of the low half */
	int64_t		sext = (s->lo >> 63) ? -1 : 0;

	if (s->hi != sext)
		return false;
	*out = (int64_t) s->lo;
	return true;
}

bool
effort_sum128_div_round(const EffortSum128 *s, int64_t n, int64_t *out)
{
	bool		negative = s->hi < 0;
	uint64_t	hi = (uint64_t) s->hi,
				lo = s->lo,
				d = (uint64_t) n,
				rem,
				q = 0;

	if (n <= 0)
		return false;
	if (negative)
	{
		/* two's complement negation of the 128-bit value */
		lo = ~lo + 1;
		hi = ~hi + (lo == 0 ? 1 : 0);
	}
	/* the quotient fits in 64 bits only if hi < d */
	if (hi >= d)
		return false;
	rem = hi;
	for (int b = 63; b >= 0; b--)
	{
		bool		carry = (rem >> 63) != 0;

		rem = (rem << 1) | ((lo >> b) & 1);
		q <<= 1;
		if (carry || rem >= d)
		{
			rem -= d;
			q |= 1;
		}
	}
	if (rem >= d - rem)
		q++;
	if (q == 0)
	{
		*out = 0;
		return true;
	}
	if (negative ? q > MAG_LIMIT : q > (uint64_t) INT64_MAX)
		return false;
	*out = negative ? (q == MAG_LIMIT ? INT64_MIN : -(int64_t) q) : (int64_t) q;
	return true;
}
