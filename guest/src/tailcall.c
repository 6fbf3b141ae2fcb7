/*
 * tailcall: functions that end in a tail call (compiled to a plain jump, so the
 * callee returns straight to its caller's caller), for testing a tracer's
 * return hook: a hijacked return address is inherited by the tail callee.
 * Exits 0 if every result is as expected.
 */
#include <stdio.h>

#define TRACED __attribute__((noipa))

TRACED int
leaf(int x)
{
	return x + 1;
}

TRACED int
middle(int x)
{
	return leaf(x * 2);  /* a tail call: compiled to "j leaf" */
}

TRACED int
top(int x)
{
	int r = middle(x + 3);

	return r * 10;      /* not a tail call */
}

TRACED int odd(int n);

TRACED int
even(int n)
{
	if (n == 0)
		return 1;
	return odd(n - 1);   /* mutual tail calls: a chain of jumps */
}

TRACED int
odd(int n)
{
	if (n == 0)
		return 0;
	return even(n - 1);
}

int
main(void)
{
	int t = top(4);        /* middle(7) = leaf(14) = 15; top = 150 */
	int e = even(3);       /* even(3) -> odd(2) -> even(1) -> odd(0) = 0 */

	printf("top(4) = %d\n", t);
	printf("even(3) = %d\n", e);
	return (t == 150 && e == 0) ? 0 : 1;
}
