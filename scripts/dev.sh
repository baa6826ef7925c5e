#!/usr/bin/env bash
# Sets up what is missing, builds the package and the H5 page, and serves the page on the
# embedded default rulebook at http://127.0.0.1:5173/ (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
cd www
npm install --no-audit --no-fund --loglevel=error >/dev/null
npx vite build --logLevel warn
echo
echo "H5 page: http://127.0.0.1:${PORT:-5173}/"
exec npx vite preview --host 127.0.0.1 --port "${PORT:-5173}" --strictPort
