/* setjmp/longjmp out of nested calls. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth;

static void inner(int n) {
    depth++;
    if (n == 0) {
        longjmp(env, 42);
    }
    if (n > 0) {
        inner(n - 1);
    }
    depth--;
}

static int outer(void) {
    int value = setjmp(env);
    if (value != 0) {
        return value;
    }
    inner(3);
    return -1;
}

int main(void) {
    int result = outer();
    printf("longjmp returned %d from depth %d\n", result, depth);
    return result == 42 ? 0 : 1;
}
