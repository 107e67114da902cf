/*
 * driver.c -- runs a libFuzzer harness without libFuzzer.
 *
 *   fuzz_NAME-smoke [N [CORPUS_DIR]]
 *
 * test/run builds every test/fuzz/fuzz_*.c with this main() and the
 * sanitizers, replays every file of CORPUS_DIR (the committed seed corpus,
 * test/fuzz/corpus/NAME/), then feeds it N pseudo-random inputs (default
 * 100000) built from a fixed seed by splicing random bytes with fragments
 * of the grammar that the harness names in fuzz_dictionary[] and slices of
 * the seeds.  Deterministic, so a failure reproduces.  A harness reports a
 * broken property with abort().  For open-ended fuzzing use "make fuzz"
 * (clang, libFuzzer, the same seed corpus).
 */
#define _DEFAULT_SOURCE			/* scandir, alphasort */
#include <dirent.h>
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

#define MAX_SEEDS 512
static uint8_t *seed[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static int	nseeds = 0;

/* Replay every file of dir (in name order) and keep it for splicing. */
static int
replay_corpus(const char *dir)
{
	struct dirent **names;
	int			n = scandir(dir, &names, NULL, alphasort);

	if (n < 0)
	{
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++)
	{
		char		path[4096];
		FILE	   *f;
		uint8_t    *data;
		long		len;

		if (names[i]->d_name[0] == '.')
		{
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		free(names[i]);
		f = fopen(path, "rb");
		if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0)
		{
			perror(path);
			return -1;
		}
		rewind(f);
		data = malloc(len ? (size_t) len : 1);
		if (fread(data, 1, (size_t) len, f) != (size_t) len)
		{
			perror(path);
			return -1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(data, (size_t) len);
		if (nseeds < MAX_SEEDS && len > 0)
		{
			seed[nseeds] = data;
			seed_len[nseeds++] = (size_t) len;
		}
		else
			free(data);
	}
	free(names);
	return nseeds;
}

int
main(int argc, char **argv)
{
	long		runs = argc > 1 ? atol(argv[1]) : 100000;
	uint8_t		buf[256];

	if (argc > 2)
	{
		if (replay_corpus(argv[2]) <= 0)
		{
			fprintf(stderr, "no seed in %s\n", argv[2]);
			return 1;
		}
		printf("# %d seeds of %s replayed\n", nseeds, argv[2]);
	}

	for (long i = 0; i < runs; i++)
	{
		size_t		len = 0;
		int			pieces = 1 + (int) (rng() % 6);

		for (int p = 0; p < pieces && len < sizeof(buf); p++)
		{
			uint64_t	r = rng();

			if (nseeds > 0 && r % 4 == 0)
			{
				/* a slice of a seed */
				int			k = (int) ((r >> 8) % (uint64_t) nseeds);
				size_t		from = (size_t) (rng() % seed_len[k]);
				size_t		n = 1 + (size_t) (rng() % (seed_len[k] - from));

				if (len + n > sizeof(buf))
					n = sizeof(buf) - len;
				memcpy(buf + len, seed[k] + from, n);
				len += n;
			}
			else if (fuzz_dictionary_len > 0 && r % 3 != 0)
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
