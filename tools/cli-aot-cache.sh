#!/bin/sh
# Makes the JDK's ahead-of-time cache for ./jdm (JDK >= 25, JEP 483 and 514): one training run
# (io.jdm.cli.AotTraining: help and version in one JVM) records the classes the command line
# loads and links, already parsed, and ./jdm passes the cache with -XX:AOTCache, which nearly halves
# its start. Run by dm-cli's package phase, after the
# jar and target/lib are in place (so ./jdm's own rebuild makes it again whenever the jars change). The
# class path is the launcher's, character for character: the JVM uses a cache only on the class path it
# was made with. With an older JDK there is no cache, and ./jdm starts without one.
# AotTraining runs help and version: a cache is loaded whole at start, so training more commands (ls,
# info) made help slower again (64 ms -> 77 ms) for little gain elsewhere.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/dm-cli/target
cache=$target/jdm.aot
jdk=$("$root/tools/find-jdk")
rm -f "$cache" "$cache.jdk"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
if [ "$feature" -lt 25 ]; then
    echo "cli-aot-cache: $jdk is JDK $feature; no ahead-of-time cache before JDK 25"
    exit 0
fi
# the training's output is not the point (its commands may fail on a host without device-mapper)
env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS "$jdk/bin/java" -XX:AOTCacheOutput="$cache" -Xlog:aot=off -Xlog:cds=off \
    --enable-native-access=ALL-UNNAMED -cp "$target/dm-cli.jar:$target/lib/*" io.jdm.cli.AotTraining \
    >"$cache.log" 2>&1 || true
if ! [ -s "$cache" ]; then
    # ./jdm works without the cache, only slower: say so, and do not fail the build for it
    echo "cli-aot-cache: WARNING: the training run made no $cache; ./jdm starts without it. Its output:" >&2
    tail -n 20 "$cache.log" >&2
    exit 0
fi
# ./jdm uses the cache only with this JDK (another would refuse it, or not know the option) and on a CPU
# with these flags: the cache holds code made for this CPU (in jdm's VM, whose CPU has no AVX, it crashed
# the JVM with SIGILL)
printf '%s\n%s\n' "$jdk" "$(grep -m 1 '^flags' /proc/cpuinfo)" >"$cache.jdk"
echo "cli-aot-cache: $cache for $jdk"
