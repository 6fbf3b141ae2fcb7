/*
 * calls: a small call tree of the kinds uftrace's own tests trace (nested
 * calls, recursion, a loop calling a leaf, a call through a function pointer,
 * a leaf called from two places), written so that a native build with
 * gcc -pg and this guest build make exactly the same calls: no tail calls
 * (every result is used after the call), nothing inlined. The uftrace
 * comparison test traces it both ways and compares the call trees.
 */
#include <stdio.h>

#define TRACED __attribute__((noipa))

TRACED int
leaf(int x)
{
	return x * 2 + 1;
}

TRACED int
fib(int n)
{
	if (n < 2) {
		return n;
	}
	int a = fib(n - 1);
	int b = fib(n - 2);
	return a + b + 0 * leaf(0);
}

TRACED int
inner(int x)
{
	return leaf(x) + 1;
}

TRACED int
middle(int x)
{
	int r = inner(x + 1);
	return r * 3;
}

TRACED int
outer(int x)
{
	int r = middle(x) + leaf(x);
	return r + 1;
}

TRACED int
loop(int n)
{
	int sum = 0;

	for (int i = 0; i < n; i++) {
		sum += leaf(i);
	}
	return sum;
}

TRACED int
apply(int (*f)(int), int x)
{
	int r = f(x);
	return r + 1;
}

int
main(void)
{
	int o = outer(2);
	int f = fib(4);
	int l = loop(3);
	int p = apply(inner, 5);

	printf("outer %d fib %d loop %d apply %d\n", o, f, l, p);
	return o == 30 && f == 3 && l == 9 && p == 13 ? 0 : 1;
}
