#!/usr/bin/env bash
# Runs on the GPU machine from the bundle that prepare.sh made: the GPU tests (JUnit console
# launcher, every test of dev.bitnet.engine.cuda, GPU ones included) and the GPU benchmark.
# Writes to $OUT (default ./gpu-check-out): tests.txt, junit.xml, bench.txt, figures.txt, env.txt.
set -uo pipefail
bundle="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$PWD/gpu-check-out}"
mkdir -p "$out"
work="$(mktemp -d)"
tar -C "$work" -xzf "$bundle/jre.tar.gz"
java="$work/jre/bin/java"
cp="$bundle/lib/*"
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -ea -Xmx8g)

{
    echo "date: $(date -u)"; uname -a
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv 2>&1
    "$java" -version 2>&1
} > "$out/env.txt"
cat "$out/env.txt"

echo "== GPU tests"
start=$(date +%s)
timeout "${TEST_TIMEOUT_S:-240}" "$java" "${flags[@]}" -jar "$bundle/lib/junit-console.jar" execute \
    --class-path "$bundle/lib/bitnet-engine.jar:$bundle/lib/bitnet-engine-tests.jar:$(ls "$bundle"/lib/*.jar | grep -v junit-console | tr '\n' ':')" \
    --select-package dev.bitnet.engine.cuda --details=tree --disable-banner --disable-ansi-colors \
    --reports-dir "$work/reports" > "$out/tests.txt" 2>&1
tests_rc=$?
cp "$work"/reports/*.xml "$out/junit.xml" 2>/dev/null
echo "tests exit code $tests_rc after $(( $(date +%s) - start )) s"
tail -40 "$out/tests.txt"

echo "== GPU benchmark"
start=$(date +%s)
timeout "${BENCH_TIMEOUT_S:-240}" "$java" "${flags[@]}" -cp "$cp" dev.bitnet.engine.cuda.CudaBenchmark \
    --out "$out/figures.txt" ${BENCH_ARGS:-} > "$out/bench.txt" 2>&1
bench_rc=$?
echo "benchmark exit code $bench_rc after $(( $(date +%s) - start )) s"
cat "$out/bench.txt"
rm -rf "$work"
exit $(( tests_rc != 0 || bench_rc != 0 ))
