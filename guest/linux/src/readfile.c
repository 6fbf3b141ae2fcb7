/* Reads a file from the root directory (--root): argv[1], default "input.txt". */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "input.txt";
    FILE *f = fopen(name, "r");
    if (f == NULL) {
        perror(name);
        return 1;
    }
    char line[256];
    int lines = 0;
    size_t bytes = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lines++;
        bytes += strlen(line);
        printf("%d: %s", lines, line);
    }
    fclose(f);
    printf("%d lines, %zu bytes\n", lines, bytes);
    return 0;
}
