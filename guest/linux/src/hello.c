/* printf, malloc and strings: the libc functions a function graph of a glibc program shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *join(const char *a, const char *b) {
    size_t la = strlen(a);
    size_t lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (s == NULL) {
        return NULL;
    }
    memcpy(s, a, la);
    s[la] = ' ';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

int main(int argc, char **argv) {
    char *greeting = join("hello,", "world");
    if (greeting == NULL) {
        return 1;
    }
    printf("%s\n", greeting);
    printf("strlen = %zu\n", strlen(greeting));
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] = %s\n", i, argv[i]);
    }
    char *upper = strdup(greeting);
    for (char *p = upper; *p; p++) {
        if (*p >= 'a' && *p <= 'z') {
            *p = (char) (*p - 'a' + 'A');
        }
    }
    puts(upper);
    free(upper);
    free(greeting);
    return 0;
}
