/*
 * multihart: every hart runs work(hartid) CALLS times; each call adds 1 to
 * two shared counters N times, one with an AMO (__atomic_fetch_add ->
 * amoadd.d) and one with a compare-exchange loop (lr.d/sc.d).
 * Usage: multihart [N]   (default N = 1000)
 * Hart 0 starts the others (fgraph_hart.h), works too, joins them, then prints
 * the hart count and both counters, which must both equal harts*N*CALLS.
 * Where the fgraph hart operations are unavailable (QEMU, say) it runs on
 * hart 0 alone. Exits 0 if the counters are right, 1 if not, 2 on a bad
 * argument.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fgraph_hart.h"

#define MAX_HARTS  8
#define STACK_SIZE (16 * 1024)
#define CALLS      4

static unsigned char stacks[MAX_HARTS][STACK_SIZE] __attribute__((aligned(16)));

long amo_counter;          /* updated with amoadd.d */
long lrsc_counter;         /* updated with an lr.d/sc.d compare-exchange loop */
long calls_done[MAX_HARTS];
static long iterations = 1000;

__attribute__((noipa)) void
work(unsigned long hartid)
{
	for (long i = 0; i < iterations; i++) {
		__atomic_fetch_add(&amo_counter, 1, __ATOMIC_RELAXED);

		long old = __atomic_load_n(&lrsc_counter, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(&lrsc_counter, &old, old + 1, 0,
						    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			;
	}
	calls_done[hartid]++;  /* only this hart writes its slot */
}

__attribute__((noipa)) void
hart_main(unsigned long hartid, void *arg)
{
	(void) arg;
	for (int c = 0; c < CALLS; c++)
		work(hartid);
	__asm__ volatile("" ::: "memory");  /* keeps the last work() from being a tail call */
}

int
main(int argc, char **argv)
{
	int count, harts;

	if (argc > 1) {
		char *end;
		iterations = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || iterations < 0 || iterations > 100000000) {
			printf("usage: multihart [N]  (0 <= N <= 100000000)\n");
			return 2;
		}
	}

	count = fgraph_hart_count();
	harts = count < 1 ? 1 : count > MAX_HARTS ? MAX_HARTS : count;
	if (count < 1)
		printf("fgraph hart operations unavailable: running on hart 0 only\n");
	else if (count > MAX_HARTS)
		printf("%d harts, using the first %d\n", count, MAX_HARTS);

	for (int h = 1; h < harts; h++) {
		if (fgraph_hart_start(h, hart_main, 0, stacks[h] + STACK_SIZE) != 0) {
			printf("could not start hart %d\n", h);
			return 1;
		}
	}
	hart_main(0, 0);
	for (int h = 1; h < harts; h++)
		fgraph_hart_join(h);

	long expected = (long) harts * iterations * CALLS;
	long amo = __atomic_load_n(&amo_counter, __ATOMIC_SEQ_CST);
	long lrsc = __atomic_load_n(&lrsc_counter, __ATOMIC_SEQ_CST);
	int ok = amo == expected && lrsc == expected;

	for (int h = 0; h < harts; h++) {
		if (calls_done[h] != CALLS)
			ok = 0;
	}
	printf("harts = %d, N = %ld, calls per hart = %d\n", harts, iterations, CALLS);
	printf("amo counter = %ld\n", amo);
	printf("lr/sc counter = %ld\n", lrsc);
	printf("expected = %ld: %s\n", expected, ok ? "OK" : "MISMATCH");
	return ok ? 0 : 1;
}
