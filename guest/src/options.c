/*
 * options: a program for uftrace's options, of the kinds uftrace's own test
 * suite uses (s-abc, s-loop, s-fibonacci, s-exp-*), written so that the same
 * source built natively with gcc -pg (x86-64) and for the guest gives the same
 * call tree of its own functions: no tail calls, no inlining (noipa), no
 * callbacks from the library. The native-uftrace comparison test builds it
 * both ways and traces both with the same options.
 *
 *   a -> b -> c          the abc chain (-F, -N, -D, -T depth=...)
 *   fib(5)               recursion
 *   caller1, caller2     both call leaf (-C leaf)
 *   loop(3)              a loop of leaf calls
 *   slow, fast           spin for long and for very little (-t)
 *   dup_string, parse    calls into the library (strlen, malloc, memcpy, atoi)
 *   on, off              targets for trace_on / trace_off triggers
 *   text, many, letter   string, ten (two on the stack) and char arguments (-A, -R)
 *
 * Prints one line of results; exits 0 if they are right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACED __attribute__((noipa))

static volatile long sink;

TRACED int
c(int x)
{
	return x * 3 + 1;
}

TRACED int
b(int x)
{
	return c(x + 2) - 4;
}

TRACED int
a(int x)
{
	return b(x * 2) * 2;
}

TRACED long
fib(long n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

TRACED void
leaf(int i)
{
	sink += i;
}

TRACED void
caller1(void)
{
	leaf(1);
	leaf(2);
	sink++;
}

TRACED void
caller2(void)
{
	sink += c(1);
	leaf(3);
	sink++;
}

TRACED void
loop(int n)
{
	for (int i = 0; i < n; i++) {
		leaf(i);
	}
	sink++;
}

TRACED long
spin(long n)
{
	long s = 0;

	for (long i = 0; i < n; i++) {
		s += i ^ sink;
	}
	return s;
}

TRACED long
slow(void)
{
	return spin(400000) + 1;
}

TRACED long
fast(void)
{
	return spin(2) + 1;
}

TRACED char *
dup_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);

	if (copy != NULL) {
		memcpy(copy, s, n);
	}
	return copy;
}

TRACED int
parse(const char *s)
{
	int v = atoi(s);

	sink += v;
	return v;
}

TRACED void
off(void)
{
	sink++;
}

TRACED void
on(void)
{
	sink++;
}

TRACED int
text(const char *s, int n)
{
	return (int) strlen(s) + n;
}

TRACED long
many(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10)
{
	return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10;
}

TRACED char
letter(char ch)
{
	return (char) (ch + 1);
}

int
main(void)
{
	int r = a(5);
	long f = fib(5);
	char *copy = dup_string("hello");
	int p = parse("42");

	caller1();
	caller2();
	off();
	loop(3);
	on();
	long s = slow() + fast();
	int t = text(copy, 2);
	long m = many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
	char l = letter('a');

	free(copy);
	printf("a %d fib %ld parse %d text %d many %ld letter %c spin %s\n", r, f, p, t, m, l, s > 0 ? "ok" : "bad");
	return r == 66 && f == 5 && p == 42 && t == 7 && m == 55 && l == 'b' && s > 0 ? 0 : 1;
}
