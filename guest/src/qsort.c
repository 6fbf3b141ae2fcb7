/*
 * qsort: sorts 16 ints with picolibc's qsort and the compare callback
 * cmp_int (called from inside the library), prints the result. Exits 0 if the
 * array came out sorted.
 */
#include <stdio.h>
#include <stdlib.h>

static int values[16] = {
	42, -7, 19, 3, 88, 0, -31, 56, 12, 7, 64, -2, 25, 91, 5, 30,
};

#define COUNT ((int) (sizeof values / sizeof values[0]))

__attribute__((noipa)) int
cmp_int(const void *pa, const void *pb)
{
	int x = *(const int *) pa;
	int y = *(const int *) pb;

	return (x > y) - (x < y);
}

int
main(void)
{
	int ok = 1;

	qsort(values, COUNT, sizeof values[0], cmp_int);
	printf("sorted:");
	for (int i = 0; i < COUNT; i++) {
		printf(" %d", values[i]);
		if (i > 0 && values[i - 1] > values[i])
			ok = 0;
	}
	printf("\n");
	return ok ? 0 : 1;
}
