/*
 * test_audit.c -- the framing of the audit row encoding (src/core/audit.c):
 * exact bytes, and that fields cannot run into each other.
 */
#include "audit.h"
#include "unit.h"

static int
same(const uint8_t *a, const uint8_t *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

/* Encode two strings one after the other into out; returns the length. */
static size_t
two(uint8_t *out, const char *a, const char *b)
{
	size_t		n = 0;

	n += audit_frame_bytes(out + n, strlen(a));
	memcpy(out + n, a, strlen(a));
	n += strlen(a);
	n += audit_frame_bytes(out + n, strlen(b));
	memcpy(out + n, b, strlen(b));
	n += strlen(b);
	return n;
}

int
main(void)
{
	uint8_t		buf[64];
	uint8_t		x[64];
	uint8_t		y[64];
	size_t		nx, ny;

	CHECK_INT(audit_frame_null(buf), 1, "a NULL is one byte");
	CHECK_INT(buf[0], 0, "a NULL is the tag 0");

	CHECK_INT(audit_frame_int(buf, 1), 9, "an integer is nine bytes");
	CHECK(same(buf, (const uint8_t[]) {1, 0, 0, 0, 0, 0, 0, 0, 1}, 9), "1 is tag 1 then 8 bytes big-endian");
	audit_frame_int(buf, -2);
	CHECK(same(buf, (const uint8_t[]) {1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}, 9),
		  "-2 is two's complement");
	audit_frame_int(buf, INT64_MIN);
	CHECK(same(buf, (const uint8_t[]) {1, 0x80, 0, 0, 0, 0, 0, 0, 0}, 9), "INT64_MIN");
	audit_frame_int(buf, 0x0102030405060708LL);
	CHECK(same(buf, (const uint8_t[]) {1, 1, 2, 3, 4, 5, 6, 7, 8}, 9), "byte order");

	CHECK_INT(audit_frame_bytes(buf, 0), 5, "a string header is five bytes");
	CHECK(same(buf, (const uint8_t[]) {2, 0, 0, 0, 0}, 5), "the empty string is tag 2, length 0");
	audit_frame_bytes(buf, 0x01020304);
	CHECK(same(buf, (const uint8_t[]) {2, 1, 2, 3, 4}, 5), "the length is 4 bytes big-endian");
	CHECK_INT(audit_frame_bytes(buf, (size_t) UINT32_MAX), 5, "the longest length fits");
#if SIZE_MAX > UINT32_MAX
	CHECK_INT(audit_frame_bytes(buf, (size_t) UINT32_MAX + 1), 0, "a longer string is refused");
#endif

	/* "ab","c" and "a","bc" must not encode alike; nor "" and NULL. */
	nx = two(x, "ab", "c");
	ny = two(y, "a", "bc");
	CHECK(nx == ny && !same(x, y, nx), "moving a byte between fields changes the encoding");
	nx = audit_frame_bytes(x, 0);
	ny = audit_frame_null(y);
	CHECK(nx != ny || !same(x, y, nx), "the empty string is not NULL");
	/* an integer is never a string of 8 bytes */
	nx = audit_frame_int(x, 0);
	ny = audit_frame_bytes(y, 4);
	memset(y + ny, 0, 4);
	ny += 4;
	CHECK(x[0] != y[0], "an integer and a string differ in their tag");
	CHECK_INT(AUDIT_FRAME_MAX, 9, "the largest header");

	/* every integer frame decodes back to its value */
	for (int64_t v = -100000; v <= 100000; v += 7)
	{
		int64_t		probes[3] = {v, v * 1000003LL * 1000003LL, (v < 0 ? INT64_MIN - v : INT64_MAX - v)};

		for (int k = 0; k < 3; k++)
		{
			uint64_t	back = 0;

			audit_frame_int(buf, probes[k]);
			for (int i = 1; i < 9; i++)
				back = (back << 8) | buf[i];
			QUIET_CHECK(buf[0] == AUDIT_TAG_INT && (int64_t) back == probes[k],
						"%" PRId64 " round-trips", probes[k]);
		}
	}
	CHECK_INT(unit_quiet_failures, 0, "integer frames decode back to their values");

	return unit_done();
}
