/*
 * libdevmapper's peer in jdm's kernel benchmark: the same operations through the dm_task API, the
 * way a C program using the library writes them, with udev synchronisation off (there is no udev in
 * the benchmark VM; without it libdevmapper makes and removes /dev/mapper nodes itself). libdevmapper
 * keeps process-wide state and is not thread-safe, so several workers are several processes.
 *
 * Ops and keys: as dm_raw_bench.c.
 */
#include "bench_common.h"

#include <libdevmapper.h>


static struct dm_task *task(int type, const char *name) {
    struct dm_task *dmt = dm_task_create(type);
    if (!dmt) die("dm_task_create(%d) failed", type);
    if (name && !dm_task_set_name(dmt, name)) die("dm_task_set_name(%s) failed", name);
    return dmt;
}

static void run(struct dm_task *dmt, const char *what, const char *name) {
    if (!dm_task_run(dmt)) die("%s %s failed", what, name ? name : "");
}

static void op_version(const struct work *w) {
    (void) w;
    char version[64];
    struct dm_task *dmt = task(DM_DEVICE_VERSION, NULL);
    run(dmt, "version", NULL);
    if (!dm_task_get_driver_version(dmt, version, sizeof version)) die("no driver version");
    dm_task_destroy(dmt);
}

static void op_info(const struct work *w) {
    struct dm_info info;
    struct dm_task *dmt = task(DM_DEVICE_INFO, w->a->name);
    run(dmt, "info", w->a->name);
    if (!dm_task_get_info(dmt, &info) || !info.exists) die("no info for %s", w->a->name);
    dm_task_destroy(dmt);
}

static void op_status(const struct work *w) {
    struct dm_task *dmt = task(DM_DEVICE_STATUS, w->a->name);
    run(dmt, "status", w->a->name);
    void *next = NULL;
    uint64_t start, length;
    char *type, *params;
    size_t total = 0;
    do {
        next = dm_get_next_target(dmt, next, &start, &length, &type, &params);
        if (params) total += strlen(params);
    } while (next);
    if (total == 0) die("empty status of %s", w->a->name);
    dm_task_destroy(dmt);
}

static void op_list(const struct work *w) {
    (void) w;
    struct dm_task *dmt = task(DM_DEVICE_LIST, NULL);
    run(dmt, "list", NULL);
    struct dm_names *names = dm_task_get_names(dmt);
    if (!names || !names->dev) die("empty list");
    size_t total = 0;
    for (;;) {
        total += strlen(names->name);
        if (!names->next) break;
        names = (struct dm_names *) ((char *) names + names->next);
    }
    if (total == 0) die("list without names");
    dm_task_destroy(dmt);
}

/* libdevmapper's create-with-table: CREATE, RELOAD and RESUME in one dm_task_run. */
static void create_with_table(const char *name, long sectors, const char *type, const char *params) {
    struct dm_task *dmt = task(DM_DEVICE_CREATE, name);
    if (!dm_task_add_target(dmt, 0, (uint64_t) sectors, type, params)) die("dm_task_add_target failed");
    run(dmt, "create", name);
    dm_task_destroy(dmt);
}

static void remove_dev(const char *name) {
    struct dm_task *dmt = task(DM_DEVICE_REMOVE, name);
    run(dmt, "remove", name);
    dm_task_destroy(dmt);
}

static void pool_message(const struct bench_args *a, const char *fmt, long x, long y) {
    char text[96];
    snprintf(text, sizeof text, fmt, x, y);
    struct dm_task *dmt = task(DM_DEVICE_TARGET_MSG, a->pool);
    if (!dm_task_set_sector(dmt, 0) || !dm_task_set_message(dmt, text)) die("cannot set message");
    run(dmt, "message", text);
    dm_task_destroy(dmt);
}

static void activate_thin(const struct bench_args *a, const char *name, long id) {
    char params[96];
    snprintf(params, sizeof params, "%s %ld", a->pooldev, id);
    create_with_table(name, a->sectors, "thin", params);
}

#include "bench_workloads.h"

int main(int argc, char **argv) {
    struct bench_args a;
    parse_args(&a, argc, argv);
    after_fn after;
    op_fn fn = choose_op(&a, &after);
    dm_udev_set_sync_support(0);
    run_reps(&a, rep_processes, fn, after);
    dm_lib_release();
    return 0;
}
