#!/usr/bin/env bash
# Builds the wasm module twice through wasm-pack (ES module + CommonJS glue, one cargo build)
# with the npm binaryen's wasm-opt, then assembles the npm package in pkg/ and packs it into
# target/shequ-rules.tgz. Prints the wasm size against the 100 KiB gzip budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

rm -rf target/wasm-out
for flavour in web:web node:nodejs; do
  dir=${flavour%%:*} target=${flavour##*:}
  wasm-pack --quiet build --release --target "$target" --weak-refs --no-pack \
    --out-dir "target/wasm-out/$dir" --out-name shequ_rules
done
node scripts/assemble-pkg.mjs
(cd target && rm -f shequ-rules-*.tgz && npm pack ../pkg --silent >/dev/null && mv shequ-rules-*.tgz shequ-rules.tgz)

wasm=pkg/web/shequ_rules_bg.wasm
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
budget=$((150 * 1024))
printf 'wasm size: %d bytes raw, %d bytes gzip -9 (%.1f KiB of the %d KiB budget)\n' \
  "$raw" "$gz" "$(echo "$gz / 1024" | bc -l)" $((budget / 1024))
if [ "$gz" -gt "$budget" ]; then
  echo "wasm size: over budget" >&2
  exit 1
fi
