// Global setup for both test configurations: every test of one run makes its temporary files in one
// folder (TMPDIR), removed when the run ends. Without it each run left thousands of folders in /tmp
// (gigabytes of stores, PDFs and browser profiles after a few days of work).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const outer = tmpdir();
  const outerCompileCache = process.env.NODE_COMPILE_CACHE;
  const run = mkdtempSync(path.join(outer, 'mailscreen-tests-'));
  // Set before the test workers start, so they (and the stations, browsers and socat they spawn) inherit it.
  process.env.TMPDIR = run;
  // Node's compile cache for every Node process of the run: the test workers and the hundreds of CLI
  // and station children (`node src/main/cli/main.ts ...`), which otherwise each compile the whole
  // source tree again (1.5-2.5 s a start on the busy 2-core machine, 0.5 s from the cache). The cache
  // only speeds compiling: V8 checks each entry against the module's source and recompiles on any
  // difference. Kept unless a caller set one of their own.
  if (outerCompileCache === undefined) process.env.NODE_COMPILE_CACHE = path.join(run, 'node-compile-cache');
  return () => {
    process.env.TMPDIR = outer;
    if (outerCompileCache === undefined) delete process.env.NODE_COMPILE_CACHE;
    rmSync(run, { recursive: true, force: true });
  };
}
