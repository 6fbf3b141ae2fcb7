/*
 * cat: copies stdin to stdout until end of file, then prints the byte count.
 *
 *   cat          reads with read(0, ...), which returns 0 at end of file, and
 *                writes with write(1, ...)
 *   cat getchar  reads with getchar() and writes with putchar(): picolibc's
 *                getchar() uses SYS_READC, which cannot report end of file
 *                (the -1 is masked to 0xff), so this loop cannot end by itself
 *
 * Prints "cat: " (no newline) before reading, so a host that holds the guest's
 * output back must pass it on before the guest waits for input.
 * Exit 0; 1 if a read or write fails.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long
copy_blocks(void)
{
	char buf[64];
	long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof buf)) > 0) {
		if (n > (ssize_t) sizeof buf || write(1, buf, n) != n)
			return -1;
		total += n;
	}
	return n < 0 ? -1 : total;
}

static long
copy_chars(void)
{
	long total = 0;
	int c;

	while ((c = getchar()) != EOF) {
		putchar(c);
		total++;
	}
	return total;
}

int
main(int argc, char **argv)
{
	int by_char = argc > 1 && strcmp(argv[1], "getchar") == 0;
	long total;

	printf("cat: ");
	total = by_char ? copy_chars() : copy_blocks();
	if (total < 0)
		return 1;
	printf("\n%ld bytes\n", total);
	return 0;
}
