/*
 * libcalls: a program's calls into picolibc, of the kinds uftrace's own tests
 * use: string functions (strcmp loops back to its own entry with
 * "bnez a2, strcmp"), functions whose first instruction is a branch
 * (free, memmove, strncmp), malloc and free (picolibc's __malloc_malloc and
 * __malloc_free, whose public names are malloc and free), count_down,
 * an assembly function that branches first and jumps back to its own entry,
 * and read_cycle, whose first instruction reads a CSR: the one function here
 * that cannot be hooked (system instructions are not displaced). Its .data is
 * 3 bytes (hi), not a multiple of 8: the linker script must still place
 * __patchable_function_entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACED __attribute__((noipa))

char hi[3] = "hi";

long count_down(long n);
unsigned long read_cycle(void);

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
	"	.size count_down, .-count_down\n"
	"	.option push\n"
	"	.option arch, +zicsr\n"
	"	.globl read_cycle\n"
	"	.type read_cycle, @function\n"
	"read_cycle:\n"
	"	rdcycle a0\n"
	"	ret\n"
	"	.size read_cycle, .-read_cycle\n"
	"	.option pop\n");

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
	int same = compare("hello", "hello") + compare(hi, "hi");
	int differs = compare("hello", "help");
	int shifted = shift(copy);
	long down = count_down(3);
	unsigned long before = read_cycle();

	printf("same %d, differs %d, shifted %d, count_down %ld\n", same, differs < 0, shifted, down);
	free(copy);
	return same == 0 && differs < 0 && shifted == 0 && down == 42 && read_cycle() > before ? 0 : 1;
}
