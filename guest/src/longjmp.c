/*
 * longjmp: main -> outer -> middle -> inner, and inner longjmps straight back
 * to main's setjmp, so outer, middle and inner never return. main then calls
 * after() normally. Done twice. Exits 0 if both rounds came back as expected.
 */
#include <setjmp.h>
#include <stdio.h>

#define TRACED __attribute__((noipa))

static jmp_buf env;

TRACED void
inner(int v)
{
	longjmp(env, v);
}

TRACED int
middle(int v)
{
	inner(v * 2);
	return -1;  /* not reached */
}

TRACED int
outer(int v)
{
	return middle(v + 1) + 100;  /* not reached */
}

TRACED int
after(int v)
{
	return v * 10 + 1;
}

int
main(void)
{
	volatile int ok = 1;

	for (volatile int round = 0; round < 2; round++) {
		int v = setjmp(env);

		if (v == 0) {
			int r = outer(round + 1);
			printf("round %d: outer returned %d (unexpected)\n", round, r);
			return 1;
		}
		/* round 0: outer(1) -> middle(2) -> inner(4); round 1: inner(6) */
		int r = after(v);
		printf("round %d: longjmp returned %d, after(%d) = %d\n", round, v, v, r);
		if (v != (round + 2) * 2 || r != v * 10 + 1)
			ok = 0;
	}
	return ok ? 0 : 1;
}
