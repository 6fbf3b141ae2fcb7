/* hello: prints a greeting and each argv entry; exits 0. */
#include <stdio.h>

int
main(int argc, char **argv)
{
	printf("hello, world\n");
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
