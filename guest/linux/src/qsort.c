/* qsort with a callback: libc calls back into the program. */
#include <stdio.h>
#include <stdlib.h>

static int compare(const void *a, const void *b) {
    long x = *(const long *) a;
    long y = *(const long *) b;
    return (x > y) - (x < y);
}

int main(void) {
    long values[] = {42, 7, 19, 3, 88, 1, 64, 25};
    size_t n = sizeof values / sizeof values[0];
    qsort(values, n, sizeof values[0], compare);
    for (size_t i = 0; i < n; i++) {
        printf("%ld%c", values[i], i + 1 < n ? ' ' : '\n');
    }
    return 0;
}
