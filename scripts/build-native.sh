#!/bin/sh
# Builds the station's SQLite extension (the hash check of a window of audit events inside SQLite:
# src/main/store/verify/native/mailscreen_chain.c) into out/native/, against the SQLite headers
# better-sqlite3 ships (the SQLite it loads into). Part of `npm run build`; electron-builder unpacks
# out/native/ beside app.asar. Without a C compiler (or its C library headers) the station still
# runs and checks the chain the same way in JavaScript, about 2.5x slower: this says so and stops
# without an error (the tests of the extension then fail, saying why). CC picks the compiler
# (default cc: gcc on Debian, `apt-get install gcc libc6-dev`).
set -eu
cd "$(dirname "$0")/.."
cc="${CC:-cc}"
source_file=src/main/store/verify/native/mailscreen_chain.c
target=out/native/mailscreen_chain.so
# Where it cannot be built, an extension left from an earlier source goes too: it is never loaded
# beside code it was not built with.
if ! command -v "$cc" >/dev/null 2>&1; then
  rm -f "$target"
  echo "build:native: no C compiler ($cc): the audit chain is checked in JavaScript (install gcc for the faster check)" >&2
  exit 0
fi
mkdir -p out/native
# Written beside under a name of its own and renamed: a station (or a test) checking its chain
# meanwhile never loads half a file, and two builds at once never write the same file.
partial="$target.$$.tmp"
trap 'rm -f "$partial"' EXIT
# Warnings are shown, not fatal: another compiler's new warning must not stop a station's build.
if ! "$cc" -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -I node_modules/better-sqlite3/deps/sqlite3 -o "$partial" "$source_file"; then
  rm -f "$target"
  echo "build:native: $cc could not build $source_file (above): the audit chain is checked in JavaScript (Debian: apt-get install gcc libc6-dev)" >&2
  exit 0
fi
mv -f "$partial" "$target"
