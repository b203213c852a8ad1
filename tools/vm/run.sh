#!/usr/bin/env bash
# Runs COMMAND as root in a throwaway qemu (TCG) VM booting Debian's kernel,
# chrooted into the host's root filesystem (shared read-only over 9p), so that
# device-mapper tests can run on hosts without device-mapper.
#
#   run.sh [--timeout SECONDS] [--workdir DIR] [--share DIR]... [--allow-leftovers] -- COMMAND [ARG]...
#
# stdin/stdout/stderr of COMMAND are the caller's, byte for byte (virtio-serial
# ports, not a tty); the exit status is COMMAND's, 124 on timeout, 125 if the
# VM failed, 120 if COMMAND succeeded but left device-mapper or loop devices
# behind (unless --allow-leftovers). --share DIR makes DIR writable (same path in the guest); the
# rest of the host is read-only, /tmp, /var/tmp and /run are empty tmpfs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { sed -n '6p' "$0" | sed 's/^# *//' >&2; exit 125; }
fail() { echo "tools/vm/run.sh: $*" >&2; exit 125; }

timeout_s=${JDM_VM_TIMEOUT:-1200}
workdir=$PWD
shares=()
allow_leftovers=
while [ $# -gt 0 ]; do
    case $1 in
    --timeout) timeout_s=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --share) shares+=("${2:?}"); shift 2 ;;
    --allow-leftovers) allow_leftovers=1; shift ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || usage
[ -d "$workdir" ] || fail "no such directory: $workdir"
# The guest has empty tmpfs on /tmp, /var/tmp, /run and /dev/shm: a working
# directory there exists in the guest only if it is shared.
case $(realpath "$workdir")/ in
/tmp/?* | /var/tmp/?* | /run/?* | /dev/shm/?*) shares+=("$workdir") ;;
esac

rundir=$(mktemp -d "${TMPDIR:-/tmp}/jdm-vm.XXXXXX")
pid= catpid= tails=
cleanup() {
    [ -z "$catpid" ] || kill "$catpid" 2>/dev/null || true
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    # shellcheck disable=SC2086
    [ -z "$tails" ] || wait $tails 2>/dev/null || true
    [ -z "${JDM_VM_CONSOLE:-}" ] || cp "$rundir/console.log" "$JDM_VM_CONSOLE" 2>/dev/null || true
    rm -rf "$rundir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

"$here/prepare.sh" >"$rundir/prepare.env" 2>"$rundir/prepare.log" ||
    { cat "$rundir/prepare.log" >&2; fail "prepare.sh failed"; }
# shellcheck disable=SC1091
. "$rundir/prepare.env"

# What the guest runs (with dash, in the chroot): the caller's environment,
# working directory and command line, all single-quoted.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
    for n in $(compgen -e); do
        case $n in PWD | OLDPWD | SHLVL | _ | HOME | TERM) continue ;; esac
        printf 'export %s=%s\n' "$n" "$(q "${!n}")"
    done
    echo "export HOME=/root TERM=dumb"
    printf 'cd %s || exit 125\n' "$(q "$workdir")"
    printf 'exec'
    for a in "$@"; do printf ' %s' "$(q "$a")"; done
    echo
} >"$rundir/cmd.sh"
hostname >"$rundir/hostname"
[ -z "$allow_leftovers" ] || touch "$rundir/allow-leftovers"

# qemu option values escape "," as ",,".
e() { printf '%s' "${1//,/,,}"; }
virtfs=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
    -virtfs "local,path=$(e "$rundir"),mount_tag=jdmrun,security_model=none")
i=0
for d in $(for s in "${shares[@]}"; do realpath -e -- "$s" || fail "no such directory: $s"; done | sort -u); do
    virtfs+=(-virtfs "local,path=$(e "$d"),mount_tag=share$i,security_model=none,multidevs=remap")
    echo "share$i $d" >>"$rundir/shares"
    i=$((i + 1))
done
touch "$rundir/shares"

# Boot-time savers under TCG (~4 s together): no crypto self-tests, no slow
# ACPI IRQ-link setup per PCI device, no retpolines, no audit/LSMs, and the
# TSC (consistent across vCPUs under TCG) rather than the HPET as clock.
# no_timer_check: on a busy host the emulated IO-APIC timer can miss the
# kernel's boot-time sanity check, and 5.10 then panics ("IO-APIC + timer
# doesn't work"); the check proves nothing about a VM's timer.
fast="cryptomgr.notests=1 acpi=noirq mitigations=off audit=0 lsm=capability tsc=reliable no_timer_check"
# Guest stdio goes over virtio-serial ports (not ttys: bytes pass unchanged).
# stdin: qemu's stdio chardev reads a fifo fed by cat; at EOF qemu closes the
# port and the guest reads EOF. (cat keeps qemu's O_NONBLOCK and tty handling
# away from the caller's stdin.) stdout/stderr: qemu appends to regular files
# that tail -f streams to ours. Not pipes: qemu drops the data it still holds
# for a full pipe when the guest powers off, and a file never fills.
# CPU: no AVX (QEMU 7.2's TCG emulation of it is new). TCG: one host thread
# for both vCPUs (thread=single). With a thread per vCPU, the guest JVM now and
# then crashed in freshly JIT-compiled code, as if one vCPU ran code another
# had just rewritten; the guest still sees two CPUs for concurrency tests.
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -accel "tcg,thread=${JDM_VM_TCG_THREAD:-single}"
    -cpu "${JDM_VM_CPU:-qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt}"
    -m "${JDM_VM_MEM:-4G}" -smp "${JDM_VM_SMP:-2}" -display none -no-reboot
    -kernel "$JDM_VM_KERNEL" -initrd "$JDM_VM_INITRD"
    -append "console=ttyS0 panic=-1 quiet $fast ${JDM_VM_APPEND:-}"
    -chardev "file,id=con,path=$(e "$rundir")/console.log" -serial chardev:con
    -device virtio-rng-pci -device virtio-serial-pci
    -chardev stdio,id=in,signal=off -device virtserialport,chardev=in,name=jdm.stdin
    -chardev "file,id=out,path=$(e "$rundir")/stdout,append=on" -device virtserialport,chardev=out,name=jdm.stdout
    -chardev "file,id=err,path=$(e "$rundir")/stderr,append=on" -device virtserialport,chardev=err,name=jdm.stderr
    "${virtfs[@]}")
# JDM_VM_QEMU_OPTIONS: more qemu options, split at spaces (experiments such as -icount).
read -r -a extra_qemu <<<"${JDM_VM_QEMU_OPTIONS:-}"
qemu+=("${extra_qemu[@]}")

: >"$rundir/stdout"
: >"$rundir/stderr"
mkfifo "$rundir/stdin"
cat <&0 >"$rundir/stdin" &
catpid=$!
# qemu dies with us even on SIGKILL (pdeathsig), and after timeout_s seconds.
setpriv --pdeathsig KILL timeout --foreground -k 10 "$timeout_s" \
    setpriv --pdeathsig KILL "${qemu[@]}" <"$rundir/stdin" >"$rundir/qemu.log" 2>&1 &
pid=$!
# Each tail ends once $pid is gone (reaped), after copying what is left.
tail -c +1 -s 0.2 -f --pid="$pid" "$rundir/stdout" &
tails=$!
tail -c +1 -s 0.2 -f --pid="$pid" "$rundir/stderr" >&2 &
tails="$tails $!"
rc=0
wait "$pid" || rc=$?
pid=
# shellcheck disable=SC2086
wait $tails || true
tails=

if [ "$rc" = 124 ]; then
    echo "tools/vm/run.sh: timed out after ${timeout_s}s; console log tail:" >&2
    tail -n 30 "$rundir/console.log" >&2
    exit 124
fi
if ! [ -s "$rundir/status" ]; then
    echo "tools/vm/run.sh: the VM ended without a status (qemu exit $rc); console log tail:" >&2
    tail -n 30 "$rundir/console.log" "$rundir/qemu.log" >&2
    exit 125
fi
exit "$(cat "$rundir/status")"
