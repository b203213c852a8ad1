/*
 * The workloads of the C peers, written once over the operations each peer implements its own way
 * (bare ioctls, or libdevmapper's dm_task API). A peer defines, before including this file:
 *
 *   op_version, op_info, op_status, op_list              the single-command workloads
 *   create_with_table(name, sectors, type, params)       create, load a one-target table, resume
 *   remove_dev(name)
 *   pool_message(args, fmt, x, y)                        a message to the pool (fmt takes two longs)
 *   activate_thin(args, name, id)                        a live thin device of the pool
 *
 * and gets the multi-step workloads and choose_op(), which maps the OP argument to them. A peer that
 * also does the whole container start (mount included) defines op_container and HAVE_OP_CONTAINER.
 */
#ifndef JDM_BENCH_WORKLOADS_H
#define JDM_BENCH_WORKLOADS_H

#include "bench_common.h"

#define WORK_NAME_BYTES 128 /* DM_NAME_LEN of the kernel interface */

static void op_lifecycle(const struct work *w) {
    char name[WORK_NAME_BYTES];
    dev_name(name, sizeof name, w, NULL);
    create_with_table(name, w->a->sectors, "zero", "");
    remove_dev(name);
}

static void op_thin(const struct work *w) {
    char name[WORK_NAME_BYTES];
    dev_name(name, sizeof name, w, NULL);
    long id = thin_id(w);
    pool_message(w->a, "create_thin %ld", id, 0);
    activate_thin(w->a, name, id);
    remove_dev(name);
    pool_message(w->a, "delete %ld", id, 0);
}

/* The dm part of a container start: a snapshot of the inactive origin, activated, removed, deleted. */
static void op_container_dm(const struct work *w) {
    char name[WORK_NAME_BYTES];
    dev_name(name, sizeof name, w, NULL);
    long id = thin_id(w);
    pool_message(w->a, "create_snap %ld %ld", id, w->a->origin);
    activate_thin(w->a, name, id);
    remove_dev(name);
    pool_message(w->a, "delete %ld", id, 0);
}

static void op_snap(const struct work *w) {
    pool_message(w->a, "create_snap %ld %ld", thin_id(w), w->a->origin);
}

/* Untimed: the snapshots a repetition made are deleted before the next one. */
static void after_snap(const struct bench_args *a, int rep) {
    for (int k = 0; k < a->workers; k++) {
        for (int i = 0; i < a->iters; i++) {
            struct work w = {a, rep, k, i};
            pool_message(a, "delete %ld", thin_id(&w), 0);
        }
    }
}

/* The image-layering workload: each layer a snapshot of the one below, activated and deactivated
 * (as a layer is when its diff is applied), then the whole chain deleted top-down. */
static void op_chain(const struct work *w) {
    long base = thin_id(w);
    char name[WORK_NAME_BYTES];
    for (int l = 0; l < w->a->depth; l++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, "-l%d", l);
        dev_name(name, sizeof name, w, suffix);
        pool_message(w->a, "create_snap %ld %ld", base + l, l == 0 ? w->a->origin : base + l - 1);
        activate_thin(w->a, name, base + l);
        remove_dev(name);
    }
    for (int l = w->a->depth - 1; l >= 0; l--) pool_message(w->a, "delete %ld", base + l, 0);
}

/* The workload OP names (and what runs after each repetition), or exit 2 if it is unknown or lacks arguments. */
static op_fn choose_op(const struct bench_args *a, after_fn *after) {
    const char *op = a->op;
    *after = NULL;
    if (!strcmp(op, "version")) return op_version;
    if (!strcmp(op, "info") && a->name) return op_info;
    if (!strcmp(op, "status") && a->name) return op_status;
    if (!strcmp(op, "list")) return op_list;
    if (!strcmp(op, "lifecycle")) return op_lifecycle;
    if (!strcmp(op, "thin") && a->pool && a->pooldev) return op_thin;
    if (!strcmp(op, "container-dm") && a->pool && a->pooldev) return op_container_dm;
#ifdef HAVE_OP_CONTAINER
    if (!strcmp(op, "container") && a->pool && a->pooldev && a->mnt) return op_container;
#endif
    if (!strcmp(op, "snap") && a->pool) {
        *after = after_snap;
        return op_snap;
    }
    if (!strcmp(op, "chain") && a->pool && a->pooldev && a->depth > 0) return op_chain;
    die("unknown op '%s' or missing arguments", op);
    return NULL;
}

#endif
