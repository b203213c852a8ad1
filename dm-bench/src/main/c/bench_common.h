/*
 * Shared by the C peers of jdm's kernel benchmark: the command line, the clock, and running one
 * repetition as N workers (threads or processes) while timing the whole repetition.
 *
 *   PROGRAM OP WARMUP REPS ITERS WORKERS [key=value]...
 *
 * prints one line per measured repetition: "rep <wall-nanoseconds> <operations>". A repetition is
 * WORKERS workers doing ITERS operations each; the time is the wall time from releasing the workers
 * until the last one finished, so with several workers it measures throughput. Any failure prints
 * "error: ..." on stderr and exits 2: a peer never reports a figure for work it did not do.
 */
#ifndef JDM_BENCH_COMMON_H
#define JDM_BENCH_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct bench_args {
    const char *op;
    int warmup, reps, iters, workers;
    const char *name;     /* existing device for info/status */
    const char *pool;     /* thin-pool device name */
    const char *pooldev;  /* thin-pool "major:minor" for thin tables */
    const char *prefix;   /* name prefix for devices this run makes */
    long origin;          /* thin id that snapshots are taken of */
    long idbase;          /* first thin id this run may use */
    int depth;            /* layers of a snapshot chain */
    long sectors;         /* size of the devices this run makes */
    const char *mnt;      /* mount point for the container start (raw peer only) */
};

/* One unit of work: worker w of repetition rep, operation i (0 <= i < iters). */
struct work {
    const struct bench_args *a;
    int rep, worker, i;
};

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* A thin id no other operation of this run uses; a chain takes depth+1 consecutive ids. */
static long thin_id(const struct work *w) {
    const struct bench_args *a = w->a;
    long stride = a->depth > 0 ? a->depth + 1 : 1;
    return a->idbase + (((long) w->rep * a->workers + w->worker) * a->iters + w->i) * stride;
}

/* A device name no other operation of this run uses. */
static void dev_name(char *out, size_t size, const struct work *w, const char *suffix) {
    snprintf(out, size, "%s%d-%d-%d%s", w->a->prefix, w->rep, w->worker, w->i, suffix ? suffix : "");
}

static void parse_args(struct bench_args *a, int argc, char **argv) {
    if (argc < 6) {
        die("usage: %s OP WARMUP REPS ITERS WORKERS [name=|pool=|pooldev=|prefix=|origin=|idbase=|depth=|sectors=]...", argv[0]);
    }
    memset(a, 0, sizeof *a);
    a->op = argv[1];
    a->warmup = atoi(argv[2]);
    a->reps = atoi(argv[3]);
    a->iters = atoi(argv[4]);
    a->workers = atoi(argv[5]);
    a->prefix = "jdmb-c-";
    a->sectors = 2048;
    for (int i = 6; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) die("argument '%s' is not key=value", argv[i]);
        *eq = '\0';
        const char *k = argv[i], *v = eq + 1;
        if (!strcmp(k, "name")) a->name = v;
        else if (!strcmp(k, "pool")) a->pool = v;
        else if (!strcmp(k, "pooldev")) a->pooldev = v;
        else if (!strcmp(k, "prefix")) a->prefix = v;
        else if (!strcmp(k, "origin")) a->origin = atol(v);
        else if (!strcmp(k, "idbase")) a->idbase = atol(v);
        else if (!strcmp(k, "depth")) a->depth = atoi(v);
        else if (!strcmp(k, "sectors")) a->sectors = atol(v);
        else if (!strcmp(k, "mnt")) a->mnt = v;
        else die("unknown key '%s'", k);
    }
    if (a->reps < 1 || a->iters < 1 || a->workers < 1 || a->warmup < 0) die("bad counts");
}

typedef void (*op_fn)(const struct work *w);
/* Untimed work after a repetition (e.g. deleting the snapshots it made); may be NULL. */
typedef void (*after_fn)(const struct bench_args *a, int rep);

struct thread_job {
    const struct bench_args *a;
    op_fn op;
    int rep, worker;
    pthread_barrier_t *start;
};

static void *thread_main(void *p) {
    struct thread_job *j = p;
    pthread_barrier_wait(j->start);
    struct work w = {j->a, j->rep, j->worker, 0};
    for (w.i = 0; w.i < j->a->iters; w.i++) j->op(&w);
    return NULL;
}

/* One repetition with the workers as threads sharing this process (and its control descriptor). */
static inline uint64_t rep_threads(const struct bench_args *a, op_fn op, int rep) {
    if (a->workers == 1) {
        struct work w = {a, rep, 0, 0};
        uint64_t t0 = now_ns();
        for (w.i = 0; w.i < a->iters; w.i++) op(&w);
        return now_ns() - t0;
    }
    pthread_t threads[a->workers];
    struct thread_job jobs[a->workers];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, a->workers + 1);
    for (int k = 0; k < a->workers; k++) {
        jobs[k] = (struct thread_job){a, op, rep, k, &start};
        if (pthread_create(&threads[k], NULL, thread_main, &jobs[k])) die("pthread_create failed");
    }
    pthread_barrier_wait(&start);
    uint64_t t0 = now_ns();
    for (int k = 0; k < a->workers; k++) pthread_join(threads[k], NULL);
    uint64_t t = now_ns() - t0;
    pthread_barrier_destroy(&start);
    return t;
}

/*
 * One repetition with the workers as processes, for libraries that are not thread-safe (libdevmapper
 * keeps process-wide state). The children wait on a pipe so that they all start together.
 */
static inline uint64_t rep_processes(const struct bench_args *a, op_fn op, int rep) {
    if (a->workers == 1) return rep_threads(a, op, rep);
    int gate[2];
    if (pipe(gate)) die("pipe: %s", strerror(errno));
    pid_t pids[a->workers];
    fflush(NULL);
    for (int k = 0; k < a->workers; k++) {
        pid_t pid = fork();
        if (pid < 0) die("fork: %s", strerror(errno));
        if (pid == 0) {
            close(gate[1]);
            char c;
            if (read(gate[0], &c, 1) < 0) _exit(3);
            struct work w = {a, rep, k, 0};
            for (w.i = 0; w.i < a->iters; w.i++) op(&w);
            fflush(NULL);
            _exit(0);
        }
        pids[k] = pid;
    }
    close(gate[0]);
    uint64_t t0 = now_ns();
    close(gate[1]); /* EOF releases every child at once */
    int failed = 0;
    for (int k = 0; k < a->workers; k++) {
        int status;
        if (waitpid(pids[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
    }
    uint64_t t = now_ns() - t0;
    if (failed) die("a worker process failed");
    return t;
}

typedef uint64_t (*rep_fn)(const struct bench_args *a, op_fn op, int rep);

/* Warm-up repetitions (not printed), then the measured ones. */
static void run_reps(const struct bench_args *a, rep_fn run, op_fn op, after_fn after) {
    for (int r = 0; r < a->warmup + a->reps; r++) {
        uint64_t t = run(a, op, r);
        if (after) after(a, r);
        if (r >= a->warmup) {
            printf("rep %llu %ld\n", (unsigned long long) t, (long) a->iters * a->workers);
            fflush(stdout);
        }
    }
}

#endif
