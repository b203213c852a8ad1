#!/usr/bin/env bash
# Prepares what tools/vm/run.sh needs to boot a throwaway VM with device-mapper:
# host tools (qemu, busybox-static, kmod, cpio), Debian's linux-image-amd64
# kernel (downloaded and unpacked into a cache, never installed) and an
# initramfs holding busybox, guest-init.sh and the kernel modules we need.
# Idempotent and silent on a warm cache. Prints sourceable KEY=VALUE lines:
#   JDM_VM_KERNEL=...  JDM_VM_INITRD=...  JDM_VM_KVER=...
# JDM_VM_KERNEL_SERIES=5.10|6.1|6.12 (default 6.1) picks the kernel: Debian 11, 12 or 13.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${JDM_CACHE:-$HOME/.cache/jdm}/vm
# Only the result goes to stdout (run.sh reads it); progress goes to stderr.
exec 3>&1 1>&2

# Modules loaded at boot, in this order (each after its own dependencies).
# crc32c_generic must precede libcrc32c (pulled in by dm-thin-pool/dm-era/
# dm-cache, and xfs): libcrc32c looks up "crc32c" once at load time and would fail.
# ext4 and xfs (for io.jdm.thin.fs; Debian builds both as modules) are loaded at
# boot rather than on demand: mount(2) asks for "fs-ext4", an alias, and loading
# them up front does not depend on busybox modprobe resolving it. Their own
# dependencies (jbd2, mbcache, crc16 for ext4; libcrc32c for xfs) come from
# modprobe --show-depends below; crc32c_generic is already loaded before them.
boot_modules=(crc32c_generic crc32c-intel virtio_pci virtio_console virtio_rng
    9pnet_virtio 9p loop aes_generic aesni_intel xts cbc ecb sha256_generic essiv
    dm-mod dm-zero dm-flakey dm-delay dm-snapshot dm-era dm-thin-pool dm-cache
    dm-cache-smq dm-crypt dm-mirror dm-verity dm-writecache dm-log-writes
    dm-switch dm-unstripe ext4 xfs
    ${JDM_VM_MODULES:-})
# Shipped too but only loaded on demand (the guest kernel runs busybox
# modprobe, e.g. when a table names their target): their init is slow or rare.
lazy_modules=(dm-integrity dm-raid dm-multipath dm-round-robin dm-queue-length dm-service-time
    dm-zoned)

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # concurrent forks (e.g. Surefire forkCount>1) share one cache

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
PATH=$PATH:/usr/sbin:/sbin

updated=
apt_update() { [ -n "$updated" ] || apt-get -q update; updated=1; }

# --- host tools -------------------------------------------------------------
missing=()
have qemu-system-x86_64 || missing+=(qemu-system-x86)
# The initramfs needs a static busybox; the dynamic "busybox" package won't do.
[ "$(dpkg-query -W -f='${db:Status-Status}' busybox-static 2>/dev/null)" = installed ] ||
    missing+=(busybox-static)
{ have depmod && have modprobe; } || missing+=(kmod)
have cpio || missing+=(cpio)
have xz || missing+=(xz-utils)
have zstd || missing+=(zstd)
# Used by tests inside the guest (it runs the host's root): dmsetup to compare jdm's CLI with,
# thin_check to verify thin-pool metadata.
have dmsetup || missing+=(dmsetup)
have thin_check || missing+=(thin-provisioning-tools)
# io.jdm.thin.fs makes filesystems on thin volumes; its tests compare with blkid (util-linux).
have mkfs.ext4 || missing+=(e2fsprogs)
have mkfs.xfs || missing+=(xfsprogs)
# dm-thin's LVM tests and dm-bench's autoextend benchmark: lvm2 (lvcreate, lvextend, lvs) and dmeventd,
# which lvm2 depends on. Both run in the guest with an lvm.conf of the test's own (no udev there).
have lvm || missing+=(lvm2)
have dmeventd || missing+=(dmeventd)
# dm-bench compiles its raw-ioctl and libdevmapper peers at benchmark time.
have gcc || missing+=(gcc libc6-dev)
[ -e /usr/include/libdevmapper.h ] || missing+=(libdevmapper-dev)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "tools/vm: missing host packages; run as root: apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi
    echo "tools/vm: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Update the package lists only if they don't know a package (fresh
    # machine) or if the install fails (stale lists pointing at old files).
    for p in "${missing[@]}"; do
        apt-cache show "$p" >/dev/null 2>&1 || apt_update
    done
    apt-get install -q -y --no-install-recommends "${missing[@]}" ||
        { apt_update && apt-get install -q -y --no-install-recommends "${missing[@]}"; }
fi

# --- kernel -------------------------------------------------------------------
# JDM_VM_KERNEL_SERIES picks the Debian release whose linux-image-amd64 the VM
# boots. Each series has its own apt lists (a private apt configuration under
# the cache: the host's sources are neither read nor changed) and its own
# cached kernel and initramfs, so preparing one series never evicts another.
series=${JDM_VM_KERNEL_SERIES:-6.1}
case $series in
5.10) suite=bullseye ;;
6.1) suite=bookworm ;;
6.12) suite=trixie ;;
*) echo "tools/vm: JDM_VM_KERNEL_SERIES=$series: known series are 5.10, 6.1 and 6.12"; exit 1 ;;
esac
aptdir=$cache/apt/$suite
mkdir -p "$aptdir/lists/partial" "$aptdir/archives/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=${JDM_VM_DEBIAN_MIRROR:-http://deb.debian.org}
{
    echo "deb [signed-by=$keyring] $mirror/debian $suite main"
    # Debian's kernel updates come through the security suite.
    echo "deb [signed-by=$keyring] $mirror/debian-security $suite-security main"
} >"$aptdir/sources.list.tmp"
cmp -s "$aptdir/sources.list.tmp" "$aptdir/sources.list" && rm "$aptdir/sources.list.tmp" ||
    mv "$aptdir/sources.list.tmp" "$aptdir/sources.list"
cat >"$aptdir/apt.conf" <<EOF
Dir::Etc::SourceList "$aptdir/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$aptdir/lists";
Dir::State::status "/dev/null";
Dir::Cache "$aptdir";
Dir::Cache::archives "$aptdir/archives";
APT::Architecture "amd64";
APT::Architectures "amd64";
Acquire::Languages "none";
EOF
suite_apt() { APT_CONFIG=$aptdir/apt.conf "$@"; }
suite_updated=
suite_update() {
    [ -n "$suite_updated" ] || { echo "tools/vm: apt-get update ($suite)"; suite_apt apt-get -q update; }
    suite_updated=1
}
# The concrete package behind the linux-image-amd64 metapackage, e.g.
# linux-image-6.1.0-50-amd64, and its candidate version, from this suite's
# lists: a warm run needs no network. apt-cache is slow (~1 s per call here),
# so the answer is remembered until the lists change.
resolve_kernel() {
    local sig
    sig=$(stat -c '%n %s %Y' "$aptdir"/lists/*Packages* 2>/dev/null | cksum)
    sig="${JDM_VM_KERNEL_PKG:-} ${sig// /_}"
    if [ -e "$aptdir/kernel.resolved" ] && read -r s kpkg kver_pkg <"$aptdir/kernel.resolved" &&
        [ "$s" = "${sig// /}" ]; then
        return 0
    fi
    kpkg=${JDM_VM_KERNEL_PKG:-$(suite_apt apt-cache depends linux-image-amd64 2>/dev/null |
        awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')}
    [ -n "$kpkg" ] || return 1
    kver_pkg=$(suite_apt apt-cache show --no-all-versions "$kpkg" 2>/dev/null | awk '/^Version:/ {print $2; exit}')
    [ -n "$kver_pkg" ] || return 1
    echo "${sig// /} $kpkg $kver_pkg" >"$aptdir/kernel.resolved"
}
kcache=$cache/kernel/$series
if ! resolve_kernel; then
    # No usable lists: reuse whatever kernel this series has cached, else fetch the lists.
    kdir=$(find "$kcache" -mindepth 1 -maxdepth 1 -name '*_*' -type d 2>/dev/null | sort | tail -n1 || true)
    if [ -n "$kdir" ] && [ -e "$kdir/.ok" ]; then
        kpkg=${kdir##*/}; kver_pkg=${kpkg#*_}; kpkg=${kpkg%%_*}; kver_pkg=${kver_pkg//%3a/:}
    else
        suite_update
        resolve_kernel || { echo "tools/vm: cannot resolve linux-image-amd64 of $suite with apt-cache"; exit 1; }
    fi
fi
kdir=$kcache/${kpkg}_${kver_pkg//:/%3a}
if [ ! -e "$kdir/.ok" ]; then
    echo "tools/vm: fetching $kpkg $kver_pkg ($suite)"
    rm -rf "$kdir" && mkdir -p "$kdir/dl"
    sandbox=()
    [ "$(id -u)" != 0 ] || sandbox=(-o APT::Sandbox::User=root) # no _apt warning
    # Stale lists name a file the archive no longer has: refresh them once and resolve again.
    if ! (cd "$kdir/dl" && suite_apt apt-get -q "${sandbox[@]}" download "$kpkg=$kver_pkg"); then
        rm -rf "$kdir"
        suite_update
        resolve_kernel || { echo "tools/vm: cannot resolve linux-image-amd64 of $suite with apt-cache"; exit 1; }
        kdir=$kcache/${kpkg}_${kver_pkg//:/%3a}
        rm -rf "$kdir" && mkdir -p "$kdir/dl"
        (cd "$kdir/dl" && suite_apt apt-get -q "${sandbox[@]}" download "$kpkg=$kver_pkg")
    fi
    dpkg -x "$kdir"/dl/*.deb "$kdir/root"
    rm -rf "$kdir/dl"
    touch "$kdir/.ok"
    # Older kernels of this series are of no further use.
    find "$kcache" -mindepth 1 -maxdepth 1 ! -path "$kdir" -exec rm -rf {} +
fi
kroot=$kdir/root
# Debian 13's packages ship the modules in /usr/lib/modules (merged /usr); depmod
# and modprobe -d look in BASE/lib/modules.
[ -e "$kroot/lib" ] || [ ! -d "$kroot/usr/lib/modules" ] || ln -s usr/lib "$kroot/lib"
kver=$(basename "$(ls -d "$kroot"/lib/modules/*/ | head -n1)")
kernel=$kroot/boot/vmlinuz-$kver
# Boot the uncompressed ELF image through its PVH entry point: that saves the
# seconds it takes to decompress the bzImage's payload under TCG. The x86 boot
# protocol's header says where the payload is (setup_sects at 0x1f1,
# payload_offset and payload_length at 0x248); the build appends the
# uncompressed size as its last 4 bytes. Debian 11 and 12 use xz, 13 zstd.
u() { od -An -t "u$1" -j "$2" -N "$1" "${3:-$kernel}" | tr -d ' '; }
unpack_vmlinux() {
    local start len size magic
    start=$((($(u 1 497) + 1) * 512 + $(u 4 584))) len=$(u 4 588)
    [ "$len" -gt 4 ] || return 1
    size=$(u 4 $((start + len - 4)))
    magic=$(od -An -t x1 -j "$start" -N 4 "$kernel" | tr -d ' ')
    case $magic in
    fd377a58) head -c $((start + len - 4)) "$kernel" | tail -c +$((start + 1)) | xz -dcq ;;
    28b52ffd) head -c $((start + len - 4)) "$kernel" | tail -c +$((start + 1)) | zstd -dcq ;;
    *) return 1 ;;
    esac >"$kdir/vmlinux.tmp" &&
        [ "$(stat -c %s "$kdir/vmlinux.tmp")" = "$size" ] &&
        [ "$(head -c 4 "$kdir/vmlinux.tmp" | tail -c 3)" = ELF ]
}
if [ ! -e "$kdir/vmlinux" ]; then
    if unpack_vmlinux; then
        mv "$kdir/vmlinux.tmp" "$kdir/vmlinux"
    else
        rm -f "$kdir/vmlinux.tmp"; ln -sfn "$kernel" "$kdir/vmlinux"
    fi
fi
kernel=$kdir/vmlinux
[ -e "$kroot/lib/modules/$kver/modules.dep.bin" ] || depmod -b "$kroot" "$kver"

# --- initramfs ----------------------------------------------------------------
key=$(cat "$here/prepare.sh" "$here/guest-init.sh" /bin/busybox | sha256sum | cut -c1-16)
key=$(printf '%s %s' "$key" "${boot_modules[*]} / ${lazy_modules[*]}" | sha256sum | cut -c1-16)
initrd=$cache/initramfs-$series-$kver-$key.cpio
if [ ! -e "$initrd" ]; then
    echo "tools/vm: building $initrd"
    stage=$(mktemp -d "$cache/stage.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    mdir=$stage/lib/modules/$kver
    mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,host,jdm,tmp} "$mdir"
    cp /bin/busybox "$stage/bin/busybox"
    cp "$here/guest-init.sh" "$stage/init"
    chmod 755 "$stage/init"
    cp "$kroot/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$mdir/"
    # modprobe lists each module's dependencies first ("insmod PATH"), or
    # "builtin NAME"; keeping first occurrences gives a valid load order.
    deps() {
        for m in "$@"; do
            modprobe -C /dev/null -d "$kroot" -S "$kver" --show-depends "$m" ||
                { echo "tools/vm: no module $m in $kver"; exit 1; }
        done | awk '$1 == "insmod" && !seen[$2]++ {print $2}'
    }
    # Copies a module (uncompressed: busybox insmod can't read .ko.xz) and
    # prints its path in the initramfs.
    ship() {
        local rel=${1#"$kroot/lib/modules/$kver/"} out
        out=$mdir/${rel%.xz}; out=${out%.zst}; out=${out%.gz}
        mkdir -p "$(dirname "$out")"
        case $rel in
        *.xz) xz -dc "$1" >"$out" ;;
        *.zst) zstd -qdc "$1" >"$out" ;;
        *.gz) gzip -dc "$1" >"$out" ;;
        *) cp "$1" "$out" ;;
        esac
        echo "${out#"$stage"}"
    }
    deps "${boot_modules[@]}" | while read -r ko; do ship "$ko"; done >"$stage/modules.load"
    deps "${lazy_modules[@]}" | while read -r ko; do ship "$ko"; done >/dev/null
    # Fresh modules.dep/alias for the uncompressed subset, so the kernel's
    # on-demand loading (via busybox modprobe) works in the guest too.
    depmod -b "$stage" "$kver"
    (cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
    find "$cache" -maxdepth 1 -name "initramfs-$series-*" ! -path "$initrd" -delete
fi

printf 'JDM_VM_KERNEL=%q\nJDM_VM_INITRD=%q\nJDM_VM_KVER=%q\n' "$kernel" "$initrd" "$kver" >&3
