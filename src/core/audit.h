/*
 * audit.h
 *	  The canonical encoding of an audit row for its hash (pure C, no
 *	  server headers).  Each field is framed so that no two different rows
 *	  encode to the same bytes: a tag byte, then for an integer its 8 bytes
 *	  big-endian, for a string its length (4 bytes big-endian) and its bytes.
 *	  A NULL is the tag alone.  Changing this changes every row_hash: it is
 *	  part of the audit log's on-disk contract (doc/security.md).
 */
#ifndef OMLEDGER_CORE_AUDIT_H
#define OMLEDGER_CORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_TAG_NULL		0x00
#define AUDIT_TAG_INT		0x01
#define AUDIT_TAG_BYTES		0x02

/* The most bytes a frame header takes (a whole integer frame). */
#define AUDIT_FRAME_MAX		9

/* A NULL: writes 1 byte, returns 1. */
extern size_t audit_frame_null(uint8_t *out);

/* An integer: writes 9 bytes, returns 9. */
extern size_t audit_frame_int(uint8_t *out, int64_t v);

/*
 * The header of a string of len bytes (the bytes follow it): writes 5
 * bytes and returns 5, or returns 0 if len does not fit in 32 bits.
 */
extern size_t audit_frame_bytes(uint8_t *out, size_t len);

#endif							/* OMLEDGER_CORE_AUDIT_H */
