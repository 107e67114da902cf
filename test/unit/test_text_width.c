/*
 * test_text_width.c -- display width of UTF-8 text (src/core/text_width.c).
 */
#include "unit.h"
#include "text_width.h"

static size_t
width(const char *s)
{
	return text_display_width(s, strlen(s));
}

int
main(void)
{
	size_t		cols;
	size_t		n;

	CHECK_INT(width(""), 0, "empty string");
	CHECK_INT(width("abc"), 3, "ASCII counts one column each");
	CHECK_INT(width("月次報告書"), 10, "kanji count two columns each");
	CHECK_INT(width("ひらがなカタカナ"), 16, "kana count two columns each");
	CHECK_INT(width("ｶﾀｶﾅ"), 4, "halfwidth katakana count one column each");
	CHECK_INT(width("ＡＢ１"), 6, "fullwidth forms count two");
	CHECK_INT(width("　"), 2, "the ideographic space counts two");
	CHECK_INT(width("SJK 住民記録"), 12, "mixed text");
	CHECK_INT(width("か\xe3\x82\x99"), 2, "a combining dakuten adds nothing");
	CHECK_INT(width("a\tb"), 2, "a control character takes no column");
	CHECK_INT(width("\xff\xfe"), 2, "invalid bytes count one column each");
	CHECK_INT(width("\xe6\x9c"), 2, "a truncated sequence counts its bytes");
	CHECK_INT(width("\xed\xa0\x80"), 3, "an encoded surrogate is three invalid bytes");
	CHECK_INT(width("\xc0\xaf"), 2, "an overlong form is two invalid bytes");
	CHECK_INT(width("\xf0\xa0\x80\x80"), 2, "CJK extension B counts two");

	n = text_prefix_for_width("報告書", strlen("報告書"), 5, &cols);
	CHECK_INT(n, 6, "a prefix of 5 columns holds two kanji (6 bytes)");
	CHECK_INT(cols, 4, "and is 4 columns wide: a wide character is never split");
	n = text_prefix_for_width("ab報", strlen("ab報"), 3, &cols);
	CHECK_INT(n, 2, "a wide character that does not fit is left out");
	n = text_prefix_for_width("abc", 3, 10, &cols);
	CHECK_INT(n, 3, "the whole string when it fits");
	CHECK_INT(cols, 3, "with its width");
	n = text_prefix_for_width("abc", 3, 0, NULL);
	CHECK_INT(n, 0, "nothing fits in zero columns");

	/* Every code point, encoded, measures what its class says. */
	{
		int			bad = 0;

		for (uint32_t cp = 0x20; cp <= 0x10FFFF; cp++)
		{
			unsigned char buf[4];
			size_t		len;

			if (cp >= 0xD800 && cp <= 0xDFFF)
				continue;
			if (cp < 0x80)
				buf[0] = (unsigned char) cp, len = 1;
			else if (cp < 0x800)
				buf[0] = 0xC0 | (cp >> 6), buf[1] = 0x80 | (cp & 0x3F), len = 2;
			else if (cp < 0x10000)
				buf[0] = 0xE0 | (cp >> 12), buf[1] = 0x80 | ((cp >> 6) & 0x3F),
					buf[2] = 0x80 | (cp & 0x3F), len = 3;
			else
				buf[0] = 0xF0 | (cp >> 18), buf[1] = 0x80 | ((cp >> 12) & 0x3F),
					buf[2] = 0x80 | ((cp >> 6) & 0x3F), buf[3] = 0x80 | (cp & 0x3F), len = 4;
			bad += QUIET_CHECK(text_display_width((const char *) buf, len) ==
							   (size_t) codepoint_display_width(cp) &&
							   text_prefix_for_width((const char *) buf, len, 2, NULL) == len,
							   "U+%04X", (unsigned) cp);
		}
		CHECK(bad == 0, "every code point decodes whole and measures its class's width");
	}

	return unit_done();
}
