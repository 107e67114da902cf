/*
 * jp_holiday.h
 *	  Japanese national holidays (国民の祝日に関する法律 and the special laws),
 *	  computed -- no tables of dates.  Pure C: no server headers.
 *
 * Dates are "day numbers": days since 2000-01-01 (day 0), the same encoding
 * as PostgreSQL's DateADT, so the glue passes them through unchanged.
 *
 * Range: national holidays exist from 1948-07-20 (the law's first day);
 * earlier dates have none.  Dates up to 2150-12-31 are computed by the law
 * as it stands (equinox days after the published years are a forecast);
 * later dates are out of range (JPH_OUT_OF_RANGE), because the equinox
 * formula has no constants beyond 2150.
 */
#ifndef OM_JP_HOLIDAY_H
#define OM_JP_HOLIDAY_H

#include <stdint.h>
#include <stdbool.h>

/* Civil-date helpers (proleptic Gregorian). */
int32_t		cal_day_from_ymd(int year, int month, int mday);
void		cal_ymd_from_day(int32_t day, int *year, int *month, int *mday);
int			cal_weekday(int32_t day);	/* 0 = Sunday .. 6 = Saturday */

/* First and last day with a computed answer, and the law's first day. */
#define JPH_FIRST_YEAR		1948
#define JPH_LAST_YEAR		2150
extern const int32_t jph_law_first_day;		/* 1948-07-20 */
extern const int32_t jph_last_day;			/* 2150-12-31 */

/* Holiday kinds.  JPH_NONE is 0 so a kind is usable as a truth value. */
typedef enum JpHoliday
{
	JPH_NONE = 0,
	JPH_GANJITSU,				/* 元日 */
	JPH_SEIJIN,					/* 成人の日 */
	JPH_KENKOKU,				/* 建国記念の日 */
	JPH_TENNO,					/* 天皇誕生日 */
	JPH_SHUNBUN,				/* 春分の日 */
	JPH_SHOWA,					/* 昭和の日 */
	JPH_MIDORI,					/* みどりの日 */
	JPH_KENPO,					/* 憲法記念日 */
	JPH_KODOMO,					/* こどもの日 */
	JPH_UMI,					/* 海の日 */
	JPH_YAMA,					/* 山の日 */
	JPH_KEIRO,					/* 敬老の日 */
	JPH_SHUBUN,					/* 秋分の日 */
	JPH_TAIIKU,					/* 体育の日 */
	JPH_SPORTS,					/* スポーツの日 */
	JPH_BUNKA,					/* 文化の日 */
	JPH_KINRO,					/* 勤労感謝の日 */
	JPH_ONEOFF_1959,			/* 皇太子明仁親王の結婚の儀 */
	JPH_ONEOFF_1989,			/* 昭和天皇の大喪の礼 */
	JPH_ONEOFF_1990,			/* 即位礼正殿の儀 */
	JPH_ONEOFF_1993,			/* 皇太子徳仁親王の結婚の儀 */
	JPH_ONEOFF_2019_05,			/* 天皇の即位の日 */
	JPH_ONEOFF_2019_10,			/* 即位礼正殿の儀 */
	JPH_FURIKAE,				/* 振替休日 */
	JPH_KOKUMIN,				/* 国民の休日 */
	JPH_N_KINDS,
	JPH_OUT_OF_RANGE = -1		/* after jph_last_day */
} JpHoliday;

/* The holiday kind of a day: JPH_NONE, a kind, or JPH_OUT_OF_RANGE. */
JpHoliday	jp_holiday_kind(int32_t day);

/* Japanese name of a kind; NULL for JPH_NONE and JPH_OUT_OF_RANGE. */
const char *jp_holiday_label(JpHoliday kind);

/* Label of a day, or NULL (no holiday, or out of range). */
const char *jp_holiday_name_of(int32_t day);

/* 春分の日 / 秋分の日 day of month (March / September) for 1900..2150, else 0. */
int			jp_vernal_equinox_day(int year);
int			jp_autumnal_equinox_day(int year);

#endif							/* OM_JP_HOLIDAY_H */
