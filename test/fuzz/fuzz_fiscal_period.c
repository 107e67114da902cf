/*
 * fuzz_fiscal_period.c -- properties of the fiscal_period and wareki parsers
 * on arbitrary bytes:
 *   - fp_parse either rejects (with a NUL-terminated detail) or yields a valid
 *     value whose output in both styles parses back to that same value;
 *   - fp_granularity_parse either rejects or yields a granularity whose
 *     name parses back to it;
 *   - wareki_parse either rejects or yields a real date from 1873 on whose
 *     wareki form parses back to that same date.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "era.h"
#include "fiscal_period.h"

const char *const fuzz_dictionary[] = {
	"FY", "fy", "-", "/", ".", " ", "　", "H", "Q", "1", "2", "3", "4", "0", "9", "12", "31", "45", "64",
	"2025", "1873", "9998", "2019", "1989", "年度", "年", "月", "日", "上期", "下期", "上半期",
	"下半期", "第", "四半期", "一", "二", "三", "四", "元", "明治", "大正", "昭和", "平成", "令和",
	"M", "T", "S", "R", "㋿", "㍻", "１", "７", "Ｒ", "ＦＹ", "\xEF\xBC", "\xE3\x80",
};
const size_t fuzz_dictionary_len = sizeof(fuzz_dictionary) / sizeof(fuzz_dictionary[0]);

static void
check_period(const uint8_t *data, size_t size)
{
	FiscalPeriod p;
	WaError		err;

	if (fp_parse((const char *) data, size, &p, &err) != WA_OK)
	{
		if (err.status == WA_OK || strlen(err.detail) >= sizeof(err.detail))
			abort();
		return;
	}
	if (!fp_valid(p))
		abort();
	for (int style = 0; style < 2; style++)
	{
		char		buf[FP_OUTPUT_LEN];
		FiscalPeriod q;

		fp_format(p, (FpStyle) style, buf, sizeof(buf));
		if (fp_parse(buf, strlen(buf), &q, &err) != WA_OK || q != p)
		{
			fprintf(stderr, "%s does not parse back to %d\n", buf, (int) p);
			abort();
		}
	}
}

static void
check_wareki(const uint8_t *data, size_t size)
{
	int			y,
				m,
				d,
				y2,
				m2,
				d2;
	WaError		err;
	char		buf[64];

	if (wareki_parse((const char *) data, size, &y, &m, &d, &err) != WA_OK)
	{
		if (err.status == WA_OK)
			abort();
		return;
	}
	if (y < ERA_MIN_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		abort();
	if (wareki_format(buf, sizeof(buf), y, m, d) < 0 ||
		wareki_parse(buf, strlen(buf), &y2, &m2, &d2, &err) != WA_OK ||
		y2 != y || m2 != m || d2 != d)
	{
		fprintf(stderr, "%s does not parse back to %d-%d-%d\n", buf, y, m, d);
		abort();
	}
}

/* A granularity word parses to one of the four, whose name parses back. */
static void
check_granularity(const uint8_t *data, size_t size)
{
	int			g = fp_granularity_parse((const char *) data, size);
	const char *name;

	if (g == -1)
		return;
	if (g < 0 || g > 3)
		abort();
	name = fp_granularity_name((FpGranularity) g);
	if (name == NULL || fp_granularity_parse(name, strlen(name)) != g)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_granularity(data, size);
	check_period(data, size);
	check_wareki(data, size);
	return 0;
}
