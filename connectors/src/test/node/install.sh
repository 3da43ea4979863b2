#!/bin/sh
# Installs node-opcua for NodeOpcuaIT into the folder given as $1 (default: this folder).
# CI machines have node and npm but nothing installed; the test calls this when node_modules is missing.
set -e
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-$here}
mkdir -p "$target"
cp "$here/package.json" "$here/server.js" "$target/"
cd "$target"
npm install --no-audit --no-fund --loglevel=error
