/*
 * audit.c
 *	  The framing of the audit row encoding (see audit.h).
 */
#include "audit.h"

size_t
audit_frame_null(uint8_t *out)
{
	out[0] = AUDIT_TAG_NULL;
	return 1;
}

static void
put_be(uint8_t *out, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
	{
		out[i] = (uint8_t) (v & 0xff);
		v >>= 8;
	}
}

size_t
audit_frame_int(uint8_t *out, int64_t v)
{
	out[0] = AUDIT_TAG_INT;
	put_be(out + 1, (uint64_t) v, 8);
	return 9;
}

size_t
audit_frame_bytes(uint8_t *out, size_t len)
{
	if (len > UINT32_MAX)
		return 0;
	out[0] = AUDIT_TAG_BYTES;
	put_be(out + 1, (uint64_t) len, 4);
	return 5;
}
