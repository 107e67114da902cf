/*
 * text_width.c
 *	  Display width of UTF-8 text; see text_width.h.
 *
 * The wide ranges are those of Unicode's East Asian Width property W and F
 * (UAX #11) that Japanese text meets, plus the emoji blocks terminals draw
 * two columns wide.  Ambiguous characters (○, ①, Greek) count one, as
 * terminals outside a CJK locale draw them.
 */
#include "text_width.h"

typedef struct CodeRange
{
	uint32_t	first;
	uint32_t	last;
} CodeRange;

static const CodeRange wide_ranges[] = {
	{0x1100, 0x115F},			/* Hangul Jamo initial consonants */
	{0x231A, 0x231B},
	{0x2329, 0x232A},
	{0x2E80, 0x303E},			/* CJK radicals, punctuation, ideographic space */
	{0x3041, 0x33FF},			/* かな, カナ, CJK compatibility */
	{0x3400, 0x4DBF},			/* CJK extension A */
	{0x4E00, 0x9FFF},			/* CJK unified ideographs */
	{0xA000, 0xA4CF},			/* Yi */
	{0xA960, 0xA97F},
	{0xAC00, 0xD7A3},			/* Hangul syllables */
	{0xF900, 0xFAFF},			/* CJK compatibility ideographs */
	{0xFE10, 0xFE19},			/* vertical forms */
	{0xFE30, 0xFE6F},			/* CJK compatibility and small forms */
	{0xFF00, 0xFF60},			/* fullwidth forms */
	{0xFFE0, 0xFFE6},			/* fullwidth signs */
	{0x1F300, 0x1F64F},			/* pictographs and emoticons */
	{0x1F900, 0x1F9FF},
	{0x20000, 0x2FFFD},			/* CJK extensions B-F */
	{0x30000, 0x3FFFD},
};

static const CodeRange zero_ranges[] = {
	{0x0300, 0x036F},			/* combining diacritics */
	{0x200B, 0x200F},			/* zero-width space, joiners, marks */
	{0x2028, 0x202E},
	{0x2060, 0x2064},
	{0x3099, 0x309A},			/* combining (han)dakuten */
	{0xFE00, 0xFE0F},			/* variation selectors */
	{0xFEFF, 0xFEFF},			/* byte order mark */
	{0xE0100, 0xE01EF},
};

static int
in_ranges(uint32_t cp, const CodeRange *ranges, size_t n)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (cp < ranges[mid].first)
			hi = mid;
		else if (cp > ranges[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
codepoint_display_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (in_ranges(cp, zero_ranges, sizeof(zero_ranges) / sizeof(zero_ranges[0])))
		return 0;
	if (in_ranges(cp, wide_ranges, sizeof(wide_ranges) / sizeof(wide_ranges[0])))
		return 2;
	return 1;
}

/*
 * Decode one character at s (len > 0 bytes left).  Returns its length in
 * bytes and stores the code point; an invalid or truncated sequence is one
 * byte standing for itself (width 1 via U+FFFD's class).
 */
static size_t
decode_one(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t		n;
	uint32_t	v;
	uint32_t	min;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		goto invalid;
	if (len < n)
		goto invalid;
	for (size_t i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			goto invalid;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto invalid;
	*cp = v;
	return n;

invalid:
	*cp = 0xFFFD;
	return 1;
}

size_t
text_prefix_for_width(const char *s, size_t len, size_t max_cols, size_t *cols_out)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		pos = 0;
	size_t		cols = 0;

	while (pos < len)
	{
		uint32_t	cp;
		size_t		n = decode_one(u + pos, len - pos, &cp);
		int			w = codepoint_display_width(cp);

		if (cols + (size_t) w > max_cols)
			break;
		cols += (size_t) w;
		pos += n;
	}
	if (cols_out)
		*cols_out = cols;
	return pos;
}

size_t
text_display_width(const char *s, size_t len)
{
	size_t		cols;

	(void) text_prefix_for_width(s, len, (size_t) -1, &cols);
	return cols;
}
