/*
 * jp_holiday.c
 *	  Japanese national holidays, computed from the rules of the law and the
 *	  special laws (see doc/calendar.md and the table in CALENDAR.md).
 *
 * Every year from 1948 to 2150 is computed once, on first use, into a byte
 * table indexed by day number: about 74 kB, filled in well under a
 * millisecond, after which a lookup is one subtraction and one load.
 * The table is per process; the server is single-threaded per backend.
 */
#include "jp_holiday.h"

#include <stddef.h>
#include <string.h>

/* ------------------------------------------------------------ civil dates */

static int
floor_div(int a, int b)
{
	int			q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Days from civil (H. Hinnant's algorithm), shifted so 2000-01-01 is 0.
 * Works for any year an int can hold without overflow in int64 terms; the
 * callers only pass years in PostgreSQL's date range.
 */
int32_t
cal_day_from_ymd(int year, int month, int mday)
{
	int64_t		y = (int64_t) year - (month <= 2);
	int64_t		era = (y >= 0 ? y : y - 399) / 400;
	int64_t		yoe = y - era * 400;
	int64_t		doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t) (era * 146097 + doe - 719468 - 10957);
}

void
cal_ymd_from_day(int32_t day, int *year, int *month, int *mday)
{
	int64_t		z = (int64_t) day + 10957 + 719468;
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int64_t		d = doy - (153 * mp + 2) / 5 + 1;
	int64_t		m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int) (yoe + era * 400 + (m <= 2));
	*month = (int) m;
	*mday = (int) d;
}

int
cal_weekday(int32_t day)
{
	/* 2000-01-01 was a Saturday (6). */
	int			r = (int) (((int64_t) day + 6) % 7);

	return r < 0 ? r + 7 : r;
}

/* --------------------------------------------------------------- equinoxes */

/*
 * day = INT(A + 0.242194 (Y - 1980)) - floor((Y - 1980) / 4), in integer
 * millionths of a day.  floor((Y-1980)/4) equals the usual spelling
 * INT((Y-1983)/4) with truncation toward zero for the years before 1980;
 * a floor of (Y-1983)/4 would be wrong for 36 dates in 1956-1978.  The
 * first term is positive for every year 1900..2150, so C's truncating
 * division is INT there.
 */
static int
equinox_day(int year, const int32_t a[3])
{
	int64_t		base;

	if (year < 1900 || year > 2150)
		return 0;
	base = year < 1980 ? a[0] : year < 2100 ? a[1] : a[2];
	return (int) ((base + (int64_t) 242194 * (year - 1980)) / 1000000)
		- floor_div(year - 1980, 4);
}

static const int32_t vernal_a[3] = {20835700, 20843100, 21851000};
static const int32_t autumnal_a[3] = {23258800, 23248800, 24248800};

int
jp_vernal_equinox_day(int year)
{
	return equinox_day(year, vernal_a);
}

int
jp_autumnal_equinox_day(int year)
{
	return equinox_day(year, autumnal_a);
}

/* ------------------------------------------------------------------ labels */

static const char *const labels[JPH_N_KINDS] = {
	[JPH_NONE] = NULL,
	[JPH_GANJITSU] = "元日",
	[JPH_SEIJIN] = "成人の日",
	[JPH_KENKOKU] = "建国記念の日",
	[JPH_TENNO] = "天皇誕生日",
	[JPH_SHUNBUN] = "春分の日",
	[JPH_SHOWA] = "昭和の日",
	[JPH_MIDORI] = "みどりの日",
	[JPH_KENPO] = "憲法記念日",
	[JPH_KODOMO] = "こどもの日",
	[JPH_UMI] = "海の日",
	[JPH_YAMA] = "山の日",
	[JPH_KEIRO] = "敬老の日",
	[JPH_SHUBUN] = "秋分の日",
	[JPH_TAIIKU] = "体育の日",
	[JPH_SPORTS] = "スポーツの日",
	[JPH_BUNKA] = "文化の日",
	[JPH_KINRO] = "勤労感謝の日",
	[JPH_ONEOFF_1959] = "結婚の儀",
	[JPH_ONEOFF_1989] = "大喪の礼",
	[JPH_ONEOFF_1990] = "即位礼正殿の儀",
	[JPH_ONEOFF_1993] = "結婚の儀",
	[JPH_ONEOFF_2019_05] = "天皇の即位の日",
	[JPH_ONEOFF_2019_10] = "即位礼正殿の儀",
	[JPH_FURIKAE] = "振替休日",
	[JPH_KOKUMIN] = "国民の休日",
};

const char *
jp_holiday_label(JpHoliday kind)
{
	if (kind <= JPH_NONE || kind >= JPH_N_KINDS)
		return NULL;
	return labels[kind];
}

/* ------------------------------------------------------------- one year */

/* Slots per year: 366 days plus a few of January next year for lookahead. */
#define YEAR_SLOTS	372

typedef struct YearWork
{
	int			year;
	int32_t		jan1;			/* day number of January 1 */
	uint8_t		shuku[YEAR_SLOTS];	/* 祝日 kind, or 0 */
	bool		counts[YEAR_SLOTS];	/* a 祝日 for the substitute/sandwich rules */
	uint8_t		label[YEAR_SLOTS];	/* the final label */
} YearWork;

static int
slot(const YearWork *w, int month, int mday)
{
	return (int) (cal_day_from_ymd(w->year, month, mday) - w->jan1);
}

/* Day of month of the nth Monday of a month. */
static int
nth_monday(int year, int month, int n)
{
	int			wd1 = cal_weekday(cal_day_from_ymd(year, month, 1));

	return 1 + (8 - wd1) % 7 + 7 * (n - 1);
}

static void
put(YearWork *w, int month, int mday, JpHoliday kind)
{
	int			s = slot(w, month, mday);

	/* The law took effect on 1948-07-20: nothing before it. */
	if (w->jan1 + s < jph_law_first_day)
		return;
	w->shuku[s] = (uint8_t) kind;
	w->counts[s] = true;
}

static void
put_oneoff(YearWork *w, int month, int mday, JpHoliday kind, bool counts)
{
	int			s = slot(w, month, mday);

	w->label[s] = (uint8_t) kind;
	w->counts[s] = counts;
}

/* The 祝日 proper (article 2 of the law), by year range. */
static void
put_shukujitsu(YearWork *w)
{
	int			y = w->year;

	if (y >= 1949)
		put(w, 1, 1, JPH_GANJITSU);
	if (y >= 1949)
		put(w, 1, y < 2000 ? 15 : nth_monday(y, 1, 2), JPH_SEIJIN);
	if (y >= 1967)
		put(w, 2, 11, JPH_KENKOKU);
	if (y >= 1949 && y <= 1988)
		put(w, 4, 29, JPH_TENNO);
	else if (y >= 1989 && y <= 2018)
		put(w, 12, 23, JPH_TENNO);
	else if (y >= 2020)
		put(w, 2, 23, JPH_TENNO);
	if (y >= 1949)
		put(w, 3, jp_vernal_equinox_day(y), JPH_SHUNBUN);
	if (y >= 2007)
		put(w, 4, 29, JPH_SHOWA);
	if (y >= 1989 && y <= 2006)
		put(w, 4, 29, JPH_MIDORI);
	else if (y >= 2007)
		put(w, 5, 4, JPH_MIDORI);
	if (y >= 1949)
	{
		put(w, 5, 3, JPH_KENPO);
		put(w, 5, 5, JPH_KODOMO);
	}
	/* 2020 and 2021: moved for the Olympic Games by special law. */
	if (y == 2020)
	{
		put(w, 7, 23, JPH_UMI);
		put(w, 7, 24, JPH_SPORTS);
		put(w, 8, 10, JPH_YAMA);
	}
	else if (y == 2021)
	{
		put(w, 7, 22, JPH_UMI);
		put(w, 7, 23, JPH_SPORTS);
		put(w, 8, 8, JPH_YAMA);
	}
	else
	{
		if (y >= 1996 && y <= 2002)
			put(w, 7, 20, JPH_UMI);
		else if (y >= 2003)
			put(w, 7, nth_monday(y, 7, 3), JPH_UMI);
		if (y >= 2016)
			put(w, 8, 11, JPH_YAMA);
		if (y >= 1966 && y <= 1999)
			put(w, 10, 10, JPH_TAIIKU);
		else if (y >= 2000 && y <= 2019)
			put(w, 10, nth_monday(y, 10, 2), JPH_TAIIKU);
		else if (y >= 2022)
			put(w, 10, nth_monday(y, 10, 2), JPH_SPORTS);
	}
	if (y >= 1966 && y <= 2002)
		put(w, 9, 15, JPH_KEIRO);
	else if (y >= 2003)
		put(w, 9, nth_monday(y, 9, 3), JPH_KEIRO);
	put(w, 9, jp_autumnal_equinox_day(y), JPH_SHUBUN);
	put(w, 11, 3, JPH_BUNKA);
	put(w, 11, 23, JPH_KINRO);
}

/*
 * One-off days of the special laws.  Only the two of 2019 count as 祝日
 * for the substitute and sandwich rules (their laws say so).
 */
static void
put_oneoffs(YearWork *w)
{
	switch (w->year)
	{
		case 1959:
			put_oneoff(w, 4, 10, JPH_ONEOFF_1959, false);
			break;
		case 1989:
			put_oneoff(w, 2, 24, JPH_ONEOFF_1989, false);
			break;
		case 1990:
			put_oneoff(w, 11, 12, JPH_ONEOFF_1990, false);
			break;
		case 1993:
			put_oneoff(w, 6, 9, JPH_ONEOFF_1993, false);
			break;
		case 2019:
			put_oneoff(w, 5, 1, JPH_ONEOFF_2019_05, true);
			put_oneoff(w, 10, 22, JPH_ONEOFF_2019_10, true);
			break;
		default:
			break;
	}
}

/* 振替休日: from 1973-04-12; the Monday until 2006, the next non-祝日 after. */
static void
put_substitutes(YearWork *w, int ndays)
{
	int32_t		from = cal_day_from_ymd(1973, 4, 12);
	int			s;

	for (s = 0; s < ndays; s++)
	{
		int			t = s + 1;

		if (!w->counts[s] || cal_weekday(w->jan1 + s) != 0 || w->jan1 + s < from)
			continue;
		if (w->year >= 2007)
			while (t < YEAR_SLOTS - 1 && w->counts[t])
				t++;
		if (w->label[t] == JPH_NONE)
			w->label[t] = JPH_FURIKAE;
	}
}

/* 国民の休日: from 1985-12-27 a day between two 祝日 (see the 2007 change). */
static void
put_citizens(YearWork *w, int ndays)
{
	int32_t		from = cal_day_from_ymd(1985, 12, 27);
	int			s;

	for (s = 1; s < ndays; s++)
	{
		int32_t		day = w->jan1 + s;

		if (day < from || w->counts[s] || !w->counts[s - 1] || !w->counts[s + 1])
			continue;
		if (w->year < 2007 && cal_weekday(day) == 0)
			continue;
		if (w->label[s] == JPH_NONE)
			w->label[s] = JPH_KOKUMIN;
	}
}

static void
compute_year(int year, uint8_t *out)
{
	YearWork	w;
	int			ndays;
	int			s;

	memset(&w, 0, sizeof(w));
	w.year = year;
	w.jan1 = cal_day_from_ymd(year, 1, 1);
	ndays = (int) (cal_day_from_ymd(year + 1, 1, 1) - w.jan1);

	put_shukujitsu(&w);
	put_oneoffs(&w);
	/* Precedence of labels: 祝日 > one-off day > 振替休日 > 国民の休日. */
	for (s = 0; s < YEAR_SLOTS; s++)
		if (w.shuku[s])
			w.label[s] = w.shuku[s];
	put_substitutes(&w, ndays);
	put_citizens(&w, ndays);
	memcpy(out, w.label, ndays);
}

/* ------------------------------------------------------------------ cache */

const int32_t jph_law_first_day = -18792;	/* 1948-07-20 */
const int32_t jph_last_day = 55151;			/* 2150-12-31 */
#define TABLE_FIRST_DAY	(-18993)			/* 1948-01-01 */
#define TABLE_DAYS		(55151 - (-18993) + 1)

static uint8_t table[TABLE_DAYS];
static bool table_ready = false;

static void
fill_table(void)
{
	int			y;

	for (y = JPH_FIRST_YEAR; y <= JPH_LAST_YEAR; y++)
		compute_year(y, table + (cal_day_from_ymd(y, 1, 1) - TABLE_FIRST_DAY));
	table_ready = true;
}

JpHoliday
jp_holiday_kind(int32_t day)
{
	if (day > jph_last_day)
		return JPH_OUT_OF_RANGE;
	if (day < jph_law_first_day)
		return JPH_NONE;
	if (!table_ready)
		fill_table();
	return (JpHoliday) table[day - TABLE_FIRST_DAY];
}

const char *
jp_holiday_name_of(int32_t day)
{
	return jp_holiday_label(jp_holiday_kind(day));
}
