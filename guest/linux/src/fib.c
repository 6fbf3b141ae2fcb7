/*
 * fib: naive recursive Fibonacci, the bare-metal benchmark guest (guest/src/fib.c) built for Linux
 * with glibc: the same calls, for comparing the platforms and qemu-riscv64.
 * Usage: fib [N]   (default N = 20). Prints "fib(N) = R"; exits 0, or 2 on a bad argument.
 */
#include <stdio.h>
#include <stdlib.h>

/*
 * noipa keeps GCC from cloning or specialising it; the empty asm keeps the
 * second call from being turned into a loop (GCC's tail-recursion
 * elimination with an accumulator), so both calls are real calls.
 */
__attribute__((noipa)) long
fib(long n)
{
	long a, b;

	if (n < 2)
		return n;
	a = fib(n - 1);
	b = fib(n - 2);
	__asm__("" : "+r"(b));
	return a + b;
}

int
main(int argc, char **argv)
{
	long n = 20;

	if (argc > 1) {
		char *end;
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || n < 0 || n > 90) {
			printf("usage: fib [N]  (0 <= N <= 90)\n");
			return 2;
		}
	}
	printf("fib(%ld) = %ld\n", n, fib(n));
	return 0;
}
