/*
 * probes: functions whose arguments a probe fetches, one of each kind the
 * RISC-V psABI passes: ten longs (the 9th and 10th on the stack), a string,
 * a pointer to a struct with a bitfield, an array, and a global. main calls
 * each with known values and prints what they return. Exit 0 if all are right.
 */
#include <stdio.h>

#define TRACED __attribute__((noipa))

struct item {
	int id;                 /* offset 0 */
	short weight;           /* offset 4 */
	unsigned char kind : 3; /* offset 6, bits 0-2 */
	unsigned char hot : 1;  /* offset 6, bit 3 */
	long price;             /* offset 8 */
	const char *label;      /* offset 16 */
};

long calls;                               /* a global for @calls */
int primes[5] = { 2, 3, 5, 7, 11 };       /* an array for +0(@primes):s32[5] */

TRACED long
sum10(long a1, long a2, long a3, long a4, long a5,
      long a6, long a7, long a8, long a9, long a10)
{
	calls++;
	return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10;
}

TRACED int
greet(const char *who, int times)
{
	int n = 0;

	calls++;
	for (int i = 0; i < times; i++)
		n += printf("hello, %s\n", who);
	return n;
}

TRACED long
value(const struct item *it, int count)
{
	calls++;
	return it->price * count + it->weight + it->kind + it->hot;
}

TRACED int
total(const int *v, int n)
{
	int s = 0;

	calls++;
	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}

int
main(void)
{
	static const struct item pen = { 7, -3, 5, 1, 250, "pen" };
	long s = sum10(1, 2, 3, 4, 5, 6, 7, 8, 900, 1000);
	int g = greet("probe", 2);
	long v = value(&pen, 4);
	int t = total(primes, 5);

	printf("sum10 = %ld\n", s);
	printf("greet = %d\n", g);
	printf("value = %ld\n", v);
	printf("total = %d\n", t);
	printf("calls = %ld\n", calls);
	return (s == 1936 && g == 26 && v == 1003 && t == 28 && calls == 4) ? 0 : 1;
}
