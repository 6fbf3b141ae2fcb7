/* pthreads: workers take items from a queue guarded by a mutex and a condition variable;
 * main joins them and checks the total. */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 3
#define ITEMS 12

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t available = PTHREAD_COND_INITIALIZER;
static int queue[ITEMS];
static int queued;
static int taken;
static int closed;
static long total;

static long work(int item) {
    long sum = 0;
    for (int i = 0; i <= item * 100; i++) {
        sum += i % 7;
    }
    return sum;
}

static void *worker(void *arg) {
    (void) arg;
    long mine = 0;
    int done = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (taken == queued && !closed) {
            pthread_cond_wait(&available, &lock);
        }
        if (taken == queued) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int item = queue[taken++];
        pthread_mutex_unlock(&lock);
        mine += work(item);
        done++;
    }
    pthread_mutex_lock(&lock);
    total += mine;
    pthread_mutex_unlock(&lock);
    return (void *) (long) done;
}

int main(void) {
    pthread_t threads[WORKERS];
    for (long i = 0; i < WORKERS; i++) {
        if (pthread_create(&threads[i], NULL, worker, (void *) i) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&lock);
        queue[queued++] = i;
        pthread_cond_signal(&available);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    closed = 1;
    pthread_cond_broadcast(&available);
    pthread_mutex_unlock(&lock);
    int items = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *done;
        pthread_join(threads[i], &done);
        items += (int) (long) done;
    }
    long expected = 0;
    for (int i = 0; i < ITEMS; i++) {
        expected += work(i);
    }
    printf("%d items, total %ld (expected %ld)\n", items, total, expected);
    return total == expected && items == ITEMS ? 0 : 1;
}
