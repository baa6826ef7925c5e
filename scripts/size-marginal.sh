#!/usr/bin/env bash
# Prints what each family costs in the main entry: the build with every family less the
# build without that family (gzip -9 of the wasm). A family alone (scripts/build.sh) also
# pays for the shared code it pulls in; here that shared code stays, so these figures are
# what leaving a family out would save. Run after scripts/setup.sh; seven builds, 1.5 minutes in all once the crate is compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
all=(community needs points calendar disputes satisfaction)
build() { # out-dir, cargo features
  wasm-pack --quiet build --release --target web --weak-refs --no-pack \
    --out-dir "target/wasm-marginal/$1" --out-name shequ_rules -- --no-default-features --features "$2"
  gzip -9 -c "target/wasm-marginal/$1/shequ_rules_bg.wasm" | wc -c
}
whole=$(build all "$(IFS=,; echo "${all[*]}")")
printf 'main entry (every family): %d B gzipped\n%-14s %9s %9s\n' "$whole" family without costs
for f in community needs points disputes satisfaction; do
  rest=()
  for g in "${all[@]}"; do [ "$g" = "$f" ] || rest+=("$g"); done
  z=$(build "$f" "$(IFS=,; echo "${rest[*]}")")
  printf '%-14s %9d %9s\n' "$f" "$z" "+$((whole - z))"
done
# The calendar is shared: it goes only with 三色预警.
rest=(community needs points satisfaction)
z=$(build calendar "$(IFS=,; echo "${rest[*]}")")
printf '%-14s %9d %9s\n' "disputes+cal." "$z" "+$((whole - z))"
