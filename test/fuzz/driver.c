/*
 * driver.c -- runs a libFuzzer harness without libFuzzer.
 *
 * test/run builds every test/fuzz/fuzz_*.c with this main() and the
 * sanitizers, and feeds it N pseudo-random inputs (N from argv[1]) built
 * from a fixed seed by splicing random bytes with fragments of the grammar
 * that the harness names in fuzz_dictionary[].  Deterministic, so a failure
 * reproduces.  A harness reports a broken property with abort().
 * For open-ended fuzzing use "make fuzz" (clang, libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each harness defines these two (may be an empty list). */
extern const char *const fuzz_dictionary[];
extern const size_t fuzz_dictionary_len;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t
rng(void)
{
	/* xorshift64*: good enough to wander, and reproducible */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

int
main(int argc, char **argv)
{
	long		runs = argc > 1 ? atol(argv[1]) : 100000;
	uint8_t		buf[256];

	for (long i = 0; i < runs; i++)
	{
		size_t		len = 0;
		int			pieces = 1 + (int) (rng() % 6);

		for (int p = 0; p < pieces && len < sizeof(buf); p++)
		{
			uint64_t	r = rng();

			if (fuzz_dictionary_len > 0 && r % 3 != 0)
			{
				const char *w = fuzz_dictionary[(r >> 8) % fuzz_dictionary_len];
				size_t		wl = strlen(w);

				if (len + wl > sizeof(buf))
					break;
				memcpy(buf + len, w, wl);
				len += wl;
			}
			else
			{
				size_t		n = 1 + (r >> 8) % 4;

				for (size_t k = 0; k < n && len < sizeof(buf); k++)
					buf[len++] = (uint8_t) (rng() & 0xFF);
			}
		}
		/* Sometimes flip a byte of an otherwise well-formed input. */
		if (len > 0 && rng() % 5 == 0)
			buf[rng() % len] ^= (uint8_t) (1u << (rng() % 8));

		/* Pass a heap copy of exactly len bytes so ASan sees overreads. */
		{
			uint8_t    *copy = malloc(len ? len : 1);

			memcpy(copy, buf, len);
			LLVMFuzzerTestOneInput(copy, len);
			free(copy);
		}
	}
	printf("# %ld inputs\n", runs);
	return 0;
}
