#!/usr/bin/env bash
# Prepares what tools/vm/run.sh needs to boot a throwaway VM with device-mapper:
# host tools (qemu, busybox-static, kmod, cpio), Debian's linux-image-amd64
# kernel (downloaded and unpacked into a cache, never installed) and an
# initramfs holding busybox, guest-init.sh and the kernel modules we need.
# Idempotent and silent on a warm cache. Prints sourceable KEY=VALUE lines:
#   JDM_VM_KERNEL=...  JDM_VM_INITRD=...  JDM_VM_KVER=...
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${JDM_CACHE:-$HOME/.cache/jdm}/vm
# Only the result goes to stdout (run.sh reads it); progress goes to stderr.
exec 3>&1 1>&2

# Modules loaded at boot, in this order (each after its own dependencies).
# crc32c_generic must precede libcrc32c (pulled in by dm-thin-pool/dm-era/
# dm-cache): libcrc32c looks up "crc32c" once at load time and would fail.
boot_modules=(crc32c_generic crc32c-intel virtio_pci virtio_console virtio_rng
    9pnet_virtio 9p loop aes_generic aesni_intel xts cbc ecb sha256_generic essiv
    dm-mod dm-zero dm-flakey dm-delay dm-snapshot dm-era dm-thin-pool dm-cache
    dm-cache-smq dm-crypt dm-mirror dm-verity dm-writecache dm-log-writes
    dm-switch dm-unstripe
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
# The concrete package behind the linux-image-amd64 metapackage, e.g.
# linux-image-6.1.0-50-amd64, and its candidate version: both come from the
# local apt lists, so a warm run needs no network. apt-cache is slow (~1 s per
# call here), so the answer is remembered until the lists change.
resolve_kernel() {
    local sig
    sig=$(stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* 2>/dev/null | cksum)
    sig="${JDM_VM_KERNEL_PKG:-} ${sig// /_}"
    if [ -e "$cache/kernel.resolved" ] && read -r s kpkg kver_pkg <"$cache/kernel.resolved" &&
        [ "$s" = "${sig// /}" ]; then
        return 0
    fi
    kpkg=${JDM_VM_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 2>/dev/null |
        awk '$1 ~ /Depends:$/ && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')}
    [ -n "$kpkg" ] || return 1
    kver_pkg=$(apt-cache show --no-all-versions "$kpkg" 2>/dev/null | awk '/^Version:/ {print $2; exit}')
    [ -n "$kver_pkg" ] || return 1
    echo "${sig// /} $kpkg $kver_pkg" >"$cache/kernel.resolved"
}
if ! resolve_kernel; then
    # No usable apt lists: reuse whatever kernel the cache has, else update.
    kdir=$(find "$cache" -maxdepth 2 -path "$cache/kernel/*" -name '*_*' -type d 2>/dev/null | sort | tail -n1)
    if [ -n "$kdir" ] && [ -e "$kdir/.ok" ]; then
        kpkg=${kdir##*/}; kver_pkg=${kpkg#*_}; kpkg=${kpkg%%_*}; kver_pkg=${kver_pkg//%3a/:}
    else
        [ "$(id -u)" = 0 ] || { echo "tools/vm: apt lists know no linux-image-amd64; run apt-get update as root"; exit 1; }
        apt_update
        resolve_kernel || { echo "tools/vm: cannot resolve linux-image-amd64 with apt-cache"; exit 1; }
    fi
fi
kdir=$cache/kernel/${kpkg}_${kver_pkg//:/%3a}
if [ ! -e "$kdir/.ok" ]; then
    echo "tools/vm: fetching $kpkg $kver_pkg"
    rm -rf "$kdir" && mkdir -p "$kdir/dl"
    sandbox=()
    [ "$(id -u)" != 0 ] || sandbox=(-o APT::Sandbox::User=root) # no _apt warning
    (cd "$kdir/dl" && { apt-get -q "${sandbox[@]}" download "$kpkg=$kver_pkg" ||
        { [ "$(id -u)" = 0 ] && apt_update && apt-get -q "${sandbox[@]}" download "$kpkg=$kver_pkg"; }; })
    dpkg -x "$kdir"/dl/*.deb "$kdir/root"
    rm -rf "$kdir/dl"
    touch "$kdir/.ok"
    # Older kernels are of no further use.
    find "$cache/kernel" -mindepth 1 -maxdepth 1 ! -path "$kdir" -exec rm -rf {} +
fi
kroot=$kdir/root
kver=$(basename "$(ls -d "$kroot"/lib/modules/*/ | head -n1)")
kernel=$kroot/boot/vmlinuz-$kver
# Boot the uncompressed ELF image through its PVH entry point: that saves the
# ~4 s it takes to decompress the bzImage's xz payload under TCG.
if [ ! -e "$kdir/vmlinux" ]; then
    off=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$kernel" | cut -d: -f1)
    if [ -n "$off" ] && xz -dcq --single-stream <(tail -c +$((off + 1)) "$kernel") >"$kdir/vmlinux.tmp" &&
        [ "$(head -c 4 "$kdir/vmlinux.tmp" | tail -c 3)" = ELF ]; then
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
initrd=$cache/initramfs-$kver-$key.cpio
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
    find "$cache" -maxdepth 1 -name 'initramfs-*' ! -path "$initrd" -delete
fi

printf 'JDM_VM_KERNEL=%q\nJDM_VM_INITRD=%q\nJDM_VM_KVER=%q\n' "$kernel" "$initrd" "$kver" >&3
