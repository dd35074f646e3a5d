#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang -fsanitize=fuzzer,address,undefined in
# build-fuzz/ and runs each for a given time on a copy of its seed corpus, one after the other.
#   scripts/fuzz.sh [SECONDS per target, default 600] [target ...]   (targets: idx checkpoint lesson)
# Prints each target's executions and result; exits 1 if any target found a crash, a leak, a
# timeout or an out-of-memory (the input is saved in build-fuzz/findings/<target>/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${PIXELSCOPE_FUZZ_DIR:-$root/build-fuzz}"
seconds="${1:-600}"
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(idx checkpoint lesson)

if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang \
        -DCMAKE_CXX_COMPILER=clang++
fi
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

failed=0
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"        # grows while fuzzing; the seeds in tests/ stay small
    findings="$build/findings/$t"
    mkdir -p "$corpus" "$findings"
    cp -n "$root/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
    log="$build/fuzz_$t.log"
    echo "fuzz_$t: ${seconds} s ..."
    set +e
    # -rss_limit_mb: a parser that needs > 2 GB for a small input is a bug (a lying header);
    # -timeout: one input taking > 10 s is a hang.
    ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    if [[ $rc -eq 0 ]]; then
        echo "fuzz_$t: OK, ${execs:-?} executions, corpus $(ls "$corpus" | wc -l) files"
    else
        failed=1
        echo "fuzz_$t: FAILED (exit $rc) after ${execs:-?} executions; log $log; input(s):"
        ls "$findings"
        grep -m3 -E 'ERROR|runtime error|SUMMARY' "$log" || true
    fi
done
exit $failed
