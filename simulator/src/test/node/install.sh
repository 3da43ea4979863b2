#!/bin/sh
# Installs the pinned node-opcua (package-lock.json) and client.js into the folder given as $1, e.g.
# simulator/target/node-opcua-client, for NodeOpcuaClientIT. CI machines have node and npm but no packages;
# an install whose lock file matches this one is reused, so only the first run downloads.
set -e
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: install.sh TARGET_DIR}
mkdir -p "$target"
cp "$here/client.js" "$target/"
if [ -d "$target/node_modules/node-opcua" ] && cmp -s "$here/package-lock.json" "$target/package-lock.json"; then
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$target/"
cd "$target"
npm ci --no-audit --no-fund --loglevel=error
