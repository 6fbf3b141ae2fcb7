/*
 * chain: main -> a -> b -> c, plus a function returning a negative errno-like
 * value and one taking 8 arguments, for testing a tracer's call nesting,
 * return-value and argument display. Exits 0 if every result is as expected.
 */
#include <stdio.h>

/* noipa: no inlining, cloning or constant propagation across calls. */
#define TRACED __attribute__((noipa))

TRACED int
c(int x)
{
	return x * 3 + 1;
}

TRACED int
b(int x)
{
	return c(x + 2) - 4;  /* not a tail call: the subtraction follows it */
}

TRACED int
a(int x)
{
	return b(x * 2) * 2;
}

TRACED int
fails(void)
{
	return -22;  /* -EINVAL */
}

TRACED long
sum8(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8)
{
	return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8;
}

int
main(void)
{
	int r = a(5);          /* b(10) = c(12) - 4 = 37 - 4 = 33; a = 66 */
	int e = fails();
	long s = sum8(1, 2, 3, 4, 5, 6, 7, 8);

	printf("a(5) = %d\n", r);
	printf("fails() = %d\n", e);
	printf("sum8(1, 2, 3, 4, 5, 6, 7, 8) = %ld\n", s);
	return (r == 66 && e == -22 && s == 36) ? 0 : 1;
}
