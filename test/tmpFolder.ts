// Global setup for both test configurations: every test of one run makes its temporary files in one
// folder (TMPDIR), removed when the run ends. Without it each run left thousands of folders in /tmp
// (gigabytes of stores, PDFs and browser profiles after a few days of work).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const outer = tmpdir();
  const run = mkdtempSync(path.join(outer, 'mailscreen-tests-'));
  // Set before the test workers start, so they (and the stations, browsers and socat they spawn) inherit it.
  process.env.TMPDIR = run;
  return () => {
    process.env.TMPDIR = outer;
    rmSync(run, { recursive: true, force: true });
  };
}
