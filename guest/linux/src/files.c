/* The file system calls, one after the other, each result printed: run it in an empty directory
 * (--root) and compare with qemu-riscv64 in the same kind of directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(const char *what, long result) {
    if (result < 0) {
        printf("%s: %s\n", what, strerror(errno));
    } else {
        printf("%s: %ld\n", what, result);
    }
}

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL) {
        printf("opendir %s: %s\n", dir, strerror(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], compare);
    printf("ls %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    char buffer[64];
    check("mkdir work", mkdir("work", 0755));
    check("mkdir work again", mkdir("work", 0755));
    check("chdir work", chdir("work"));
    printf("getcwd: %s\n", getcwd(buffer, sizeof buffer));
    int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    check("open data.txt", fd);
    check("write", write(fd, "hello, file\n", 12));
    check("lseek end", lseek(fd, 0, SEEK_END));
    check("pwrite", pwrite(fd, "HELLO", 5, 0));
    memset(buffer, 0, sizeof buffer);
    check("pread", pread(fd, buffer, 11, 0));
    printf("pread got: %s\n", buffer);
    struct stat st;
    check("fstat", fstat(fd, &st));
    printf("size %ld, regular %d, mode %o\n", (long) st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
    check("ftruncate 5", ftruncate(fd, 5));
    check("fstat again", fstat(fd, &st));
    printf("size %ld\n", (long) st.st_size);
    int copy = dup(fd);
    check("dup", copy);
    check("fcntl F_GETFD", fcntl(copy, F_GETFD));
    check("fcntl F_SETFD", fcntl(copy, F_SETFD, FD_CLOEXEC));
    check("fcntl F_GETFD again", fcntl(copy, F_GETFD));
    check("close dup", close(copy));
    check("close", close(fd));
    check("close again", close(fd));
    check("access data.txt R_OK", access("data.txt", R_OK));
    check("access missing", access("missing", F_OK));
    check("rename", rename("data.txt", "renamed.txt"));
    check("stat old name", stat("data.txt", &st));
    check("stat new name", stat("renamed.txt", &st));
    check("mkdir sub", mkdir("sub", 0700));
    list(".");
    check("rmdir sub", rmdir("sub"));
    check("unlink", unlink("renamed.txt"));
    check("unlink again", unlink("renamed.txt"));
    int pipefd[2];
    check("pipe", pipe(pipefd));
    check("pipe write", write(pipefd[1], "through the pipe", 16));
    memset(buffer, 0, sizeof buffer);
    check("pipe read", read(pipefd[0], buffer, sizeof buffer - 1));
    printf("pipe got: %s\n", buffer);
    check("close write end", close(pipefd[1]));
    check("read at end of pipe", read(pipefd[0], buffer, sizeof buffer));
    check("dup2", dup2(pipefd[0], 9));
    check("close 9", close(9));
    check("chdir ..", chdir(".."));
    check("rmdir work", rmdir("work"));
    check("open /dev/null", fd = open("/dev/null", O_WRONLY));
    check("write /dev/null", write(fd, "gone", 4));
    check("isatty /dev/null", isatty(fd));
    close(fd);
    check("readlink /proc/self/exe", readlink("/proc/self/exe", buffer, sizeof buffer) > 0);
    check("open a directory for writing", open(".", O_WRONLY));
    check("open with O_DIRECTORY", fd = open(".", O_RDONLY | O_DIRECTORY));
    close(fd);
    return 0;
}
