#!/usr/bin/env bash
# Two builds of one tree must give byte-identical published jars (main, -sources, -javadoc).
# Builds the published modules again from a copy of this tree (sources only, no build output) and
# compares each jar with the one this tree's build made. Run by dm-release-check in ./mvnw verify, after
# the modules are packaged; by hand: ./mvnw -q package -DskipTests && tools/check-reproducible.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
modules=(dm-api dm-ioctl dm-targets dm-testkit dm-thin)

copy=$(mktemp -d /tmp/jdm-repro.XXXXXX)
trap 'rm -rf "$copy"' EXIT
tar -C "$root" --exclude=./.git --exclude='./*/target' --exclude=./target -cf - . | tar -C "$copy" -xf -

list=$(IFS=,; echo "${modules[*]}")
if ! (cd "$copy" && ./mvnw -B -q -o package -pl "$list" -am -DskipTests -Djdm.skipKernelTests=true >"$copy/build.log" 2>&1); then
    echo "check-reproducible: the second build failed:" >&2
    tail -40 "$copy/build.log" >&2
    exit 1
fi

compared=0
differ=0
for m in "${modules[@]}"; do
    shopt -s nullglob
    jars=("$root/$m/target/"*.jar)
    if [ ${#jars[@]} -eq 0 ]; then
        echo "check-reproducible: $m has no jar in target/: package it first" >&2
        exit 1
    fi
    for jar in "${jars[@]}"; do
        other="$copy/$m/target/$(basename "$jar")"
        compared=$((compared + 1))
        if [ ! -f "$other" ]; then
            echo "check-reproducible: the second build made no $(basename "$jar")" >&2
            differ=$((differ + 1))
        elif ! cmp -s "$jar" "$other"; then
            echo "check-reproducible: $m/target/$(basename "$jar") differs between two builds:" >&2
            diff <(unzip -lv "$jar" | awk '{print $7, $8}') <(unzip -lv "$other" | awk '{print $7, $8}') | head -20 >&2 || true
            differ=$((differ + 1))
        fi
    done
done
if [ "$differ" -ne 0 ]; then
    echo "check-reproducible: $differ of $compared jars differ" >&2
    exit 1
fi
echo "check-reproducible: $compared jars of ${#modules[@]} modules are byte-identical across two builds"
