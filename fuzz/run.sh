#!/usr/bin/env bash
# Builds every cargo-fuzz target of this project and runs each for a number of seconds.
#
# Usage: fuzz/run.sh [SECONDS] [extra libFuzzer flags...]      (default: 60 seconds a target)
#
# Environment:
#   FUZZ_SANITIZER  none (default; builds on the stable toolchain) or address/memory/...
#                   (these need nightly: set FUZZ_TOOLCHAIN=nightly too)
#   FUZZ_TOOLCHAIN  a rustup toolchain for cargo, e.g. nightly (default: the active one)
#
# The seed corpus in fuzz/corpus/<target>/ is read but never written: new inputs go to
# fuzz/target/corpus-work/<target>/ and crashes to fuzz/artifacts/<target>/ (both ignored
# by git). Exits non-zero as soon as a target finds a crash.
set -euo pipefail

seconds="${1:-60}"
shift || true
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."

if ! cargo fuzz --help >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
    exit 2
fi

sanitizer="${FUZZ_SANITIZER:-none}"
cargo_cmd=(cargo)
if [[ -n "${FUZZ_TOOLCHAIN:-}" ]]; then
    cargo_cmd=(cargo "+${FUZZ_TOOLCHAIN}")
fi

"${cargo_cmd[@]}" fuzz build --sanitizer "$sanitizer"

for target in $("${cargo_cmd[@]}" fuzz list); do
    work="fuzz/target/corpus-work/$target"
    seeds="fuzz/corpus/$target"
    mkdir -p "$work" "$seeds"
    echo "=== fuzzing $target for ${seconds}s (sanitizer: $sanitizer) ==="
    "${cargo_cmd[@]}" fuzz run --sanitizer "$sanitizer" "$target" "$work" "$seeds" -- \
        -max_total_time="$seconds" -print_final_stats=1 "$@"
done
