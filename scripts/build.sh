#!/usr/bin/env bash
# Builds the npm package: the wasm module with every family (wasm-pack's ES-module glue for
# browsers, bundlers and Node ESM, and its CommonJS glue for require — one .wasm file shared
# by both), and the resident-page module (platform + needs + masking) for the
# `shequ-rules/needs` entry point; all through the npm binaryen's wasm-opt. Then assembles
# pkg/, packs target/shequ-rules.tgz, and prints what each family costs, failing over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# name:wasm-pack target:cargo features (families are the features of src/families.rs)
variants=(
  "web:web:"
  "node:nodejs:"
  "needs:web:--no-default-features --features needs"
  "platform:web:--no-default-features"
  "community:web:--no-default-features --features community"
  "points:web:--no-default-features --features points"
  "calendar:web:--no-default-features --features calendar"
  "disputes:web:--no-default-features --features disputes"
  "satisfaction:web:--no-default-features --features satisfaction"
)
rm -rf target/wasm-out
for v in "${variants[@]}"; do
  IFS=: read -r dir target features <<<"$v"
  # shellcheck disable=SC2086 # the features are separate words
  wasm-pack --quiet build --release --target "$target" --weak-refs --no-pack \
    --out-dir "target/wasm-out/$dir" --out-name shequ_rules -- $features
done
node scripts/assemble-pkg.mjs
(cd target && rm -f shequ-rules-*.tgz && npm pack ../pkg --silent >/dev/null && mv shequ-rules-*.tgz shequ-rules.tgz)

gz() { gzip -9 -c "$1" | wc -c; }
size_of() { gz "target/wasm-out/$1/shequ_rules_bg.wasm"; }
platform=$(size_of platform)
over=0
printf '\nwasm size in bytes (gzip -9; each module embeds its part of the default rulebook;\nplatform = rulebook reader, stamp, errors, masking; family = cost over the platform)\n'
printf '%-34s %9s %9s %9s  %s\n' module raw gzip family budget
row() { # label dir budget-KiB
  local raw z cost budget=${3:-}
  raw=$(wc -c <"target/wasm-out/$2/shequ_rules_bg.wasm"); z=$(size_of "$2")
  cost=$([ "$2" = platform ] && echo - || echo "+$((z - platform))")
  local verdict=""
  if [ -n "$budget" ]; then
    if [ "$z" -gt $((budget * 1024)) ]; then verdict="OVER ${budget} KiB"; over=1; else verdict="≤ ${budget} KiB"; fi
  fi
  printf '%-34s %9d %9d %9s  %s\n' "$1" "$raw" "$z" "$cost" "$verdict"
}
row "platform alone" platform
row "platform + community" community
row "platform + points" points
row "platform + calendar" calendar
row "platform + disputes (with calendar)" disputes
row "platform + needs (resident page)" needs 90
row "platform + satisfaction" satisfaction
row "all families (main entry)" web 150
printf 'tarball: %d bytes (target/shequ-rules.tgz)\n' "$(wc -c <target/shequ-rules.tgz)"
if [ "$over" -ne 0 ]; then
  echo "wasm size: over budget" >&2
  exit 1
fi
