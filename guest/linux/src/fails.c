/* A program that fails: it reports an error on stderr and aborts (SIGABRT, exit status 134). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(const char *what, int value) {
    if (value < 0) {
        fprintf(stderr, "fails: %s: %s\n", what, strerror(-value));
        abort();
    }
    return value;
}

int main(void) {
    printf("checking\n");
    fflush(stdout);
    check("first", 1);
    check("second", -22);
    return 0;
}
