/*
 * The floor of jdm's kernel benchmark: each operation as the bare ioctls on /dev/mapper/control,
 * with no library in between. Buffers are on the stack or reused; nothing is parsed beyond what a
 * caller needs (the replies are walked, so the work a library does to hand them over is not skipped
 * entirely). Workers are threads sharing one control descriptor.
 *
 * Ops: version | info name= | status name= | list | lifecycle prefix= | thin pool= pooldev= prefix= idbase=
 *      | snap pool= origin= idbase= | chain pool= pooldev= prefix= origin= idbase= depth=
 *      | container-dm pool= pooldev= prefix= origin= idbase=
 *      | container pool= pooldev= prefix= origin= idbase= sectors= mnt=
 */
#include "bench_common.h"

#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static int control_fd = -1;
/* The LIST_DEVICES buffer size that last sufficed, so a repeated list asks once (as libdevmapper
 * remembers its doubling factor). Only the single-threaded list op uses it. */
static size_t list_bytes = 16384;

#define ALIGN8(x) (((x) + 7) & ~(size_t) 7)
#define HEADER ALIGN8(sizeof(struct dm_ioctl))

static void header(struct dm_ioctl *io, size_t size, const char *name, uint32_t flags) {
    memset(io, 0, sizeof *io);
    io->version[0] = DM_VERSION_MAJOR;
    io->version[1] = 0;
    io->version[2] = 0;
    io->data_size = (uint32_t) size;
    io->data_start = HEADER;
    io->flags = flags;
    if (name) snprintf(io->name, sizeof io->name, "%s", name);
}

static void call(unsigned long request, struct dm_ioctl *io, const char *what, const char *name) {
    if (ioctl(control_fd, request, io) < 0) die("%s %s: %s", what, name ? name : "", strerror(errno));
}

static void op_version(const struct work *w) {
    (void) w;
    struct dm_ioctl io;
    header(&io, sizeof io, NULL, 0);
    call(DM_VERSION, &io, "DM_VERSION", NULL);
}

static void op_info(const struct work *w) {
    struct dm_ioctl io;
    header(&io, sizeof io, w->a->name, 0);
    call(DM_DEV_STATUS, &io, "DM_DEV_STATUS", w->a->name);
}

static void op_status(const struct work *w) {
    static __thread uint64_t buf[16384 / 8];
    struct dm_ioctl *io = (struct dm_ioctl *) buf;
    header(io, sizeof buf, w->a->name, 0);
    call(DM_TABLE_STATUS, io, "DM_TABLE_STATUS", w->a->name);
    if (io->flags & DM_BUFFER_FULL_FLAG) die("status of %s does not fit 16 KiB", w->a->name);
    size_t total = 0;
    char *first = (char *) buf + io->data_start;
    struct dm_target_spec *spec = (struct dm_target_spec *) first;
    for (uint32_t t = 0; t < io->target_count; t++) {
        total += strlen((char *) (spec + 1));
        spec = (struct dm_target_spec *) (first + spec->next);
    }
    if (total == 0) die("empty status of %s", w->a->name);
}

static void op_list(const struct work *w) {
    (void) w;
    static uint64_t *buf;
    static size_t have;
    for (;;) {
        if (have < list_bytes) {
            free(buf);
            buf = malloc(list_bytes);
            if (!buf) die("out of memory");
            have = list_bytes;
        }
        struct dm_ioctl *io = (struct dm_ioctl *) buf;
        header(io, list_bytes, NULL, DM_UUID_FLAG);
        ((struct dm_name_list *) ((char *) buf + HEADER))->dev = 0; /* an empty list is not copied back */
        call(DM_LIST_DEVICES, io, "DM_LIST_DEVICES", NULL);
        if (io->flags & DM_BUFFER_FULL_FLAG) {
            list_bytes *= 2;
            continue;
        }
        struct dm_name_list *nl = (struct dm_name_list *) ((char *) buf + io->data_start);
        if (nl->dev == 0) return;
        size_t names = 0;
        for (;;) {
            names += strlen(nl->name);
            if (!nl->next) break;
            nl = (struct dm_name_list *) ((char *) nl + nl->next);
        }
        if (names == 0) die("list without names");
        return;
    }
}

static void create(const char *name) {
    struct dm_ioctl io;
    header(&io, sizeof io, name, 0);
    call(DM_DEV_CREATE, &io, "DM_DEV_CREATE", name);
}

/* One-target table: spec, params and NUL padded to 8, next relative to the spec (as populate_table wants). */
static void load(const char *name, long sectors, const char *type, const char *params) {
    uint64_t buf[(HEADER + sizeof(struct dm_target_spec) + 256) / 8];
    size_t plen = strlen(params);
    if (plen + 1 > 256) die("params too long");
    size_t next = sizeof(struct dm_target_spec) + ALIGN8(plen + 1);
    struct dm_ioctl *io = (struct dm_ioctl *) buf;
    header(io, HEADER + next, name, 0);
    io->target_count = 1;
    struct dm_target_spec *spec = (struct dm_target_spec *) ((char *) buf + HEADER);
    memset(spec, 0, next);
    spec->sector_start = 0;
    spec->length = (uint64_t) sectors;
    spec->next = (uint32_t) next;
    snprintf(spec->target_type, sizeof spec->target_type, "%s", type);
    memcpy(spec + 1, params, plen + 1);
    call(DM_TABLE_LOAD, io, "DM_TABLE_LOAD", name);
}

/* The reply's dev is the kernel's huge_encode_dev: minor's low byte, major, then the minor's high bits. */
static dev_t resume(const char *name) {
    struct dm_ioctl io;
    header(&io, sizeof io, name, 0);
    call(DM_DEV_SUSPEND, &io, "DM_DEV_SUSPEND(resume)", name);
    return makedev((unsigned) ((io.dev & 0xfff00) >> 8), (unsigned) ((io.dev & 0xff) | ((io.dev >> 12) & 0xfff00)));
}

static void remove_dev(const char *name) {
    struct dm_ioctl io;
    header(&io, sizeof io, name, 0);
    call(DM_DEV_REMOVE, &io, "DM_DEV_REMOVE", name);
}

static void message(const char *device, const char *text) {
    uint64_t buf[(HEADER + sizeof(struct dm_target_msg) + 256) / 8];
    struct dm_ioctl *io = (struct dm_ioctl *) buf;
    header(io, sizeof buf, device, 0);
    struct dm_target_msg *msg = (struct dm_target_msg *) ((char *) buf + HEADER);
    msg->sector = 0;
    snprintf(msg->message, sizeof buf - HEADER - sizeof *msg, "%s", text);
    call(DM_TARGET_MSG, io, "DM_TARGET_MSG", text);
}

static void pool_message(const struct bench_args *a, const char *fmt, long x, long y) {
    char text[96];
    snprintf(text, sizeof text, fmt, x, y);
    message(a->pool, text);
}

static dev_t create_with_table(const char *name, long sectors, const char *type, const char *params) {
    create(name);
    load(name, sectors, type, params);
    return resume(name);
}

static dev_t activate_thin(const struct bench_args *a, const char *name, long id) {
    char params[96];
    snprintf(params, sizeof params, "%s %ld", a->pooldev, id);
    return create_with_table(name, a->sectors, "thin", params);
}

/*
 * The floor of the whole container start: what containerd's snapshotter does (snapshot the inactive
 * ext4 base, activate, mount, unmount, deactivate, delete) as bare syscalls, with the device node made
 * next to the mount point (a library makes one in /dev/mapper) and mount(2)/umount2(2) instead of the
 * mount binaries. Each worker mounts on mnt-WORKER.
 */
static void op_container(const struct work *w) {
    char name[128], node[4096], target[4096];
    dev_name(name, sizeof name, w, NULL);
    long id = thin_id(w);
    snprintf(node, sizeof node, "%s-%d.node", w->a->mnt, w->worker);
    snprintf(target, sizeof target, "%s-%d", w->a->mnt, w->worker);
    if (mkdir(target, 0700) < 0 && errno != EEXIST) die("mkdir %s: %s", target, strerror(errno));
    pool_message(w->a, "create_snap %ld %ld", id, w->a->origin);
    dev_t dev = activate_thin(w->a, name, id);
    unlink(node);
    if (mknod(node, S_IFBLK | 0600, dev) < 0) die("mknod %s: %s", node, strerror(errno));
    if (mount(node, target, "ext4", 0, "") < 0) die("mount %s on %s: %s", node, target, strerror(errno));
    if (umount2(target, 0) < 0) die("umount %s: %s", target, strerror(errno));
    unlink(node);
    remove_dev(name);
    pool_message(w->a, "delete %ld", id, 0);
}
#define HAVE_OP_CONTAINER

#include "bench_workloads.h"

int main(int argc, char **argv) {
    struct bench_args a;
    parse_args(&a, argc, argv);
    after_fn after;
    op_fn fn = choose_op(&a, &after);
    control_fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
    if (control_fd < 0) die("open /dev/mapper/control: %s", strerror(errno));
    run_reps(&a, rep_threads, fn, after);
    close(control_fd);
    return 0;
}
