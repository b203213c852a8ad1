#!/bin/busybox sh
# PID 1 of the VM that run.sh boots (put into the initramfs by prepare.sh).
# Loads the modules, mounts the host's root read-only at /host (9p) plus the
# writable shares, runs the command chrooted there with its stdin/stdout/stderr
# on virtio-serial ports, reports the exit status in /jdm/status, powers off.
# Its own messages go to the serial console, which run.sh logs to a file.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
say() { echo "jdm-init: [$(cut -d' ' -f1 /proc/uptime)] $*"; }
die() { say "$*"; sync; poweroff -f; sleep 60; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# On-demand loads (e.g. a crypto algorithm asked for by a dm-crypt table).
echo /sbin/modprobe >/proc/sys/kernel/modprobe
while read -r ko; do
    insmod "$ko" 2>/dev/null || say "insmod $ko failed"
done </modules.load
say "modules loaded"

o9p=trans=virtio,version=9p2000.L,msize=512000
# cache=loose: the host root is read-only and static, and caching makes the JDK
# start much faster.
mount -t 9p -o "$o9p,ro,cache=loose" hostroot /host || die "cannot mount the host root"
mount -t 9p -o "$o9p" jdmrun /jdm || die "cannot mount the run directory"
r=/host
mount -t proc proc $r/proc
mount -t sysfs sysfs $r/sys
mount -t devtmpfs devtmpfs $r/dev
mkdir -p $r/dev/pts $r/dev/shm
mount -t devpts devpts $r/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $r/dev/shm
mount -t tmpfs -o mode=1777 tmpfs $r/tmp
mount -t tmpfs -o mode=1777 tmpfs $r/var/tmp
mount -t tmpfs -o mode=755 tmpfs $r/run
mkdir -p $r/run/jdm && mount --bind /jdm $r/run/jdm
# Writable shares, "TAG PATH" per line, parents first. cache=mmap so that
# shared writable mmap works while writes still go straight to the host.
while read -r tag dir; do
    mkdir -p "$r$dir" 2>/dev/null
    mount -t 9p -o "$o9p,cache=mmap" "$tag" "$r$dir" || die "cannot mount $dir"
done </jdm/shares
hostname -F /jdm/hostname 2>/dev/null
ip link set lo up 2>/dev/null

# The virtio-serial ports show up asynchronously; find them by name.
port() {
    for p in /sys/class/virtio-ports/*; do
        [ "$(cat "$p/name" 2>/dev/null)" = "$1" ] && [ -e "/dev/${p##*/}" ] &&
            echo "/dev/${p##*/}" && return 0
    done
    return 1
}
i=0
until in=$(port jdm.stdin) && out=$(port jdm.stdout) && err=$(port jdm.stderr); do
    i=$((i + 1))
    [ $i -lt 100 ] || die "virtio-serial ports missing"
    sleep 0.05
done

say "running command"
# stdin goes through a pipe: a virtio port rejects FIONREAD, which Java's
# InputStream.available() needs (Surefire's fork reads its commands that way).
cat <"$in" | env -i chroot $r /bin/sh /run/jdm/cmd.sh >"$out" 2>"$err"
status=$?
# The VM is thrown away, but what a command leaves here it would leave on a
# real host: device-mapper devices or attached loop devices turn success into 120.
left=
for d in /sys/block/dm-*; do
    [ -e "$d/dm/name" ] && left="$left $(cat "$d/dm/name")"
done
for l in /sys/block/loop*; do
    [ -e "$l/loop/backing_file" ] && left="$left ${l##*/}:$(cat "$l/loop/backing_file")"
done
if [ -n "$left" ] && ! [ -e /jdm/allow-leftovers ]; then
    echo "tools/vm: the command left devices behind:$left" >"$err"
    [ "$status" != 0 ] || status=120
fi
echo "$status" >/jdm/status
sync
poweroff -f
