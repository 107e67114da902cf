/*
 * fuzz_wareki.c -- the era core (src/core/era.c): wareki dates, era years.
 *
 * Input: arbitrary bytes, read two ways.
 *   - As text: wareki_parse either rejects it with a status, or yields a
 *     real date from 1873 on whose wareki form (wareki_format) parses back
 *     to that date; and the same text with its ASCII digits, letters and
 *     punctuation made full-width (what a Japanese IME types) parses to the
 *     same date, or is rejected alike (normalisation is transparent).
 *   - The first four bytes as a day offset: the date it names (from
 *     1873-01-01) formats as wareki, and parses back to itself; its era is
 *     the one of era_table in force that day; the letter form (R7.10.1)
 *     parses to the same date.
 * Anything else abort()s.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "era.h"

const char *const fuzz_dictionary[] = {
	"令和", "平成", "昭和", "大正", "明治", "㋿", "元", "年", "月", "日",
	"R", "H", "S", "T", "M", "r", "h", ".", "/", "-", " ", "\xe3\x80\x80",
	"1", "7", "10", "12", "31", "30", "29", "64", "99", "0", "00", "9999",
	"令和7年10月1日", "平成31年4月30日", "令和元年5月1日", "昭和64年1月7日",
	"明治6年1月1日", "R7.10.1", "H31/4/30", "S64.1.8", "Ｒ７．１０．１",
	"\xef\xbc", "\xe4\xbb", "\xe5\xb9",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

/* ASCII '!'..'~' to full width U+FF01..U+FF5E (3 bytes each); the rest as is. */
static size_t
to_fullwidth(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (n + 3 >= outlen)
			return 0;
		if (in[i] >= 0x21 && in[i] <= 0x7E)
		{
			unsigned	cp = 0xFF01 + (in[i] - 0x21);

			out[n++] = (char) (0xE0 | (cp >> 12));
			out[n++] = (char) (0x80 | ((cp >> 6) & 0x3F));
			out[n++] = (char) (0x80 | (cp & 0x3F));
		}
		else
			out[n++] = (char) in[i];
	}
	return n;
}

static void
round_trip(int y, int m, int d)
{
	char		buf[64];
	int			y2,
				m2,
				d2;
	WaError		err;

	if (wareki_format(buf, sizeof(buf), y, m, d) < 0 ||
		wareki_parse(buf, strlen(buf), &y2, &m2, &d2, &err) != WA_OK ||
		y2 != y || m2 != m || d2 != d)
	{
		fprintf(stderr, "%04d-%02d-%02d: wareki %s does not parse back\n", y, m, d, buf);
		abort();
	}
}

static void
check_text(const uint8_t *data, size_t size)
{
	int			y,
				m,
				d,
				y2,
				m2,
				d2;
	WaError		err;
	char		wide[3 * 256 + 4];
	size_t		wlen;
	WaStatus	st = wareki_parse((const char *) data, size, &y, &m, &d, &err);

	if (st != WA_OK)
	{
		if (err.status == WA_OK || strlen(err.detail) >= sizeof(err.detail))
			abort();
	}
	else
	{
		if (y < ERA_MIN_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
			abort();
		round_trip(y, m, d);
	}
	/* full-width: same outcome (a NUL byte is refused either way) */
	if (size > 256 || memchr(data, 0, size) != NULL)
		return;
	wlen = to_fullwidth(data, size, wide, sizeof(wide));
	if (wlen == 0)
		return;
	if ((wareki_parse(wide, wlen, &y2, &m2, &d2, &err) == WA_OK) != (st == WA_OK) ||
		(st == WA_OK && (y2 != y || m2 != m || d2 != d)))
	{
		fprintf(stderr, "the full-width form of the input parses differently\n");
		abort();
	}
}

static void
check_date(const uint8_t *data, size_t size)
{
	uint32_t	off;
	int			y = 1873,
				m = 1,
				d = 1,
				e;
	char		buf[64];
	int			y2,
				m2,
				d2;
	WaError		err;

	if (size < 4)
		return;
	memcpy(&off, data, 4);
	off %= 3000000;				/* about 8,200 years: to 9999 and past it */
	{
		/* civil_from_days (H. Hinnant), days counted from 1873-01-01 */
		int64_t		z = (int64_t) off + 684040;	/* 1873-01-01 is day 684040 after 0000-03-01 */
		int64_t		era = z / 146097;
		int64_t		doe = z - era * 146097;
		int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		int64_t		mp = (5 * doy + 2) / 153;

		d = (int) (doy - (153 * mp + 2) / 5 + 1);
		m = (int) (mp < 10 ? mp + 3 : mp - 9);
		y = (int) (yoe + era * 400 + (m <= 2));
	}
	if (y > 9999)
		return;
	e = era_of_date(y, m, d);
	if (e < 0 || e >= era_count || ymd_pack(y, m, d) < era_table[e].first_ymd ||
		ymd_pack(y, m, d) >= era_end_ymd(e))
		abort();
	round_trip(y, m, d);
	/* the letter form R7.10.1 (元年 is 1) */
	snprintf(buf, sizeof(buf), "%c%d.%d.%d", era_table[e].letter, y - era_table[e].offset, m, d);
	if (wareki_parse(buf, strlen(buf), &y2, &m2, &d2, &err) != WA_OK ||
		y2 != y || m2 != m || d2 != d)
	{
		fprintf(stderr, "%s does not parse to %04d-%02d-%02d\n", buf, y, m, d);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_text(data, size);
	check_date(data, size);
	return 0;
}
