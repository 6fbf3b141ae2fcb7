/* Two threads that sleep and wait with time-outs: sleeping takes no instructions, and the
 * program's virtual clock moves on while every thread sleeps. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static long spin(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
        sum += i ^ (i >> 3);
    }
    return sum;
}

static void *sleeper(void *arg) {
    long ms = (long) arg;
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
    return (void *) spin(1000);
}

static void *waiter(void *arg) {
    (void) arg;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 3000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lock);
    int rc = pthread_cond_timedwait(&never, &lock, &deadline);
    pthread_mutex_unlock(&lock);
    return (void *) (long) rc;
}

int main(void) {
    long start = now_us();
    pthread_t a, b;
    pthread_create(&a, NULL, sleeper, (void *) 2L);
    pthread_create(&b, NULL, waiter, NULL);
    void *sa, *rb;
    pthread_join(a, &sa);
    pthread_join(b, &rb);
    long elapsed = now_us() - start;
    printf("timedwait: %s\n", (long) rb == ETIMEDOUT ? "ETIMEDOUT" : "other");
    printf("slept at least 3 ms: %s\n", elapsed >= 3000 ? "yes" : "no");
    return 0;
}
