/*
 * oddsize: a program whose initialised data (.data + .sdata) is 35 bytes, not
 * a multiple of 8. The stock linker script let __patchable_function_entries
 * follow .data as an orphan, and the link failed for such programs; the
 * fgraph script places it explicitly. Prints f(4) = 6.
 */
#include <stdio.h>

#define TRACED __attribute__((noipa))

char odd[3] = {1, 2, 3};

TRACED int
f(int x)
{
	return x + odd[x % 3];
}

int
main(void)
{
	printf("f(4) = %d\n", f(4));
	return 0;
}
