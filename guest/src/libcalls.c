/*
 * libcalls: a program's calls into picolibc, of the kinds uftrace's own tests
 * use: string functions (strcmp loops back to its own entry with
 * "bnez a2, strcmp"), functions whose first instruction is a branch
 * (free, memmove, strncmp), malloc and free (picolibc's __malloc_malloc and
 * __malloc_free, whose public names are malloc and free), and count_down,
 * an assembly function that branches first and jumps back to its own entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACED __attribute__((noipa))

long count_down(long n);

__asm__(
	"	.text\n"
	"	.globl count_down\n"
	"	.type count_down, @function\n"
	"count_down:\n"
	"	beqz a0, 1f\n"
	"	addi a0, a0, -1\n"
	"	j count_down\n"
	"1:	li a0, 42\n"
	"	ret\n"
	"	.size count_down, .-count_down\n");

TRACED int
compare(const char *a, const char *b)
{
	return strcmp(a, b);
}

TRACED char *
duplicate(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);

	if (copy != NULL) {
		memcpy(copy, s, n);
	}
	return copy;
}

TRACED int
shift(char *buffer)
{
	memmove(buffer + 1, buffer, 4);
	return strncmp(buffer, "hhell", 5);
}

int
main(void)
{
	char *copy = duplicate("hello");
	int same = compare("hello", "hello");
	int differs = compare("hello", "help");
	int shifted = shift(copy);
	long down = count_down(3);

	printf("same %d, differs %d, shifted %d, count_down %ld\n", same, differs < 0, shifted, down);
	free(copy);
	return same == 0 && differs < 0 && shifted == 0 && down == 42 ? 0 : 1;
}
