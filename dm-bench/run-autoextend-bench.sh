#!/usr/bin/env bash
# Runs the autoextend benchmark (jdm's PoolMonitor vs dmeventd growing an LVM thin pool, and the
# monitor's idle cost) in jdm's throwaway VM and writes autoextend.md and autoextend.csv into DIR.
#
#   dm-bench/run-autoextend-bench.sh [--out DIR] [AutoextendBench options: --reps N --warmup N --idle-pools N --idle-seconds S --idle-windows N --only reaction|idle]
#
# Default DIR: dm-bench/target/autoextend-bench. Always in the VM, never on this host: LVM reaches
# dmeventd through system-wide FIFOs in /run, so the benchmark's own dmeventd (with its own lvm.conf)
# cannot share a machine with another. Builds dm-bench/target/benchmarks.jar if it is missing.
# About 20 minutes under emulation with the defaults (10 repetitions per peer and a warm-up, 7 idle windows of 60 s).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$here/target/autoextend-bench
args=()
while [ $# -gt 0 ]; do
    case $1 in
    --out) out=${2:?}; shift 2 ;;
    --reps | --warmup | --idle-pools | --idle-seconds | --idle-windows | --only) args+=("$1" "${2:?}"); shift 2 ;;
    *) sed -n '5p' "$0" | sed 's/^# *//' >&2; exit 2 ;;
    esac
done
jar=$here/target/benchmarks.jar
if [ ! -f "$jar" ]; then
    (cd "$root" && ./mvnw -B -q -pl dm-bench -am package -DskipTests -Djdm.skipKernelTests=true)
fi
mkdir -p "$out"
out=$(realpath "$out")
java=$("$root/tools/find-jdk")/bin/java
exec "$root/tools/vm/run.sh" --timeout "${JDM_BENCH_TIMEOUT:-3600}" --share "$out" -- \
    "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" io.jdm.bench.monitor.AutoextendBench --out "$out" "${args[@]}"
