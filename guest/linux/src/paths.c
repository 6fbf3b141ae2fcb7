/* For each argument: open it and print its first line, or the error. The confinement tests give
 * it paths that try to leave the root (.., absolute paths, symbolic links). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            printf("%s: %s\n", argv[i], strerror(errno));
            continue;
        }
        char line[128];
        ssize_t n = read(fd, line, sizeof line - 1);
        close(fd);
        if (n < 0) {
            printf("%s: read: %s\n", argv[i], strerror(errno));
            continue;
        }
        line[n] = '\0';
        char *end = strchr(line, '\n');
        if (end != NULL) {
            *end = '\0';
        }
        printf("%s: %s\n", argv[i], line);
    }
    return 0;
}
