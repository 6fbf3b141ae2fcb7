/* main -> a -> b -> c: built three ways (plain, -pg, -finstrument-functions) to show that fgraph
 * traces programs however they were instrumented for other tracers. */
#include <stdio.h>

static int c(int x) {
    return x * 3 + 1;
}

static int b(int x) {
    return c(x + 2) - 4;
}

static int a(int x) {
    return b(x * 2) * 2;
}

int main(void) {
    printf("a(5) = %d\n", a(5));
    return 0;
}
