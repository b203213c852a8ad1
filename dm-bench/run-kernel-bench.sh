#!/usr/bin/env bash
# Runs jdm's side-by-side kernel benchmark (raw-ioctl C, libdevmapper C, dmsetup, jdm; one boot) and
# writes report.md, results.csv and ratios.svg into the results directory.
#
#   dm-bench/run-kernel-bench.sh [--smoke] [--only WORKLOAD,...] [--out DIR]
#
# Default DIR: dm-bench/target/kernel-bench. --only keeps the plan's workloads of those labels
# ("lifecycle x4") or operations ("lifecycle", "container", "container-dm"). Builds
# dm-bench/target/benchmarks.jar (in the reactor, nothing installed) if it is missing.
# Runs on this host if it has device-mapper and we are root, otherwise in the throwaway VM of
# tools/vm/run.sh (with DIR shared writable). The full plan takes 13 to 20 minutes under emulation.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
plan=full
out=$here/target/kernel-bench
only=()
while [ $# -gt 0 ]; do
    case $1 in
    --smoke) plan=smoke; shift ;;
    --out) out=${2:?}; shift 2 ;;
    --only) only=(--only "${2:?}"); shift 2 ;;
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
cmd=("$java" --enable-native-access=ALL-UNNAMED -cp "$jar" io.jdm.bench.kernel.KernelBench --plan "$plan" "${only[@]}" --out "$out")
if "$root/tools/host-has-dm"; then
    exec "${cmd[@]}"
fi
exec "$root/tools/vm/run.sh" --timeout "${JDM_BENCH_TIMEOUT:-5400}" --share "$out" -- "${cmd[@]}"
