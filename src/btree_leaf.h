/*
 * btree_leaf.h
 *	  A btree index's entries for one key, read from its leaf page
 *	  (src/btree_leaf.c).
 */
#ifndef OMLEDGER_BTREE_LEAF_H
#define OMLEDGER_BTREE_LEAF_H

#include "postgres.h"

#include "utils/relcache.h"

extern bool btree_leaf_sum(Relation irel, int nkeys, const Datum *keys, AttrNumber sumatt,
						   int64 *sum);

#endif							/* OMLEDGER_BTREE_LEAF_H */
