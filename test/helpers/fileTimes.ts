// Where a test run's time goes, per file: a vitest reporter to add beside the usual one, e.g.
//   npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=./test/helpers/fileTimes.ts
// It prints the slowest files at the end, and with MAILSCREEN_FILE_TIMES=<file.json> writes every
// file's times there (to compare two runs). A file's time is its import (collect), its setup files and
// its tests with their hooks (a kiosk's station and Chromium start in beforeAll, so they count here).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface FileTime {
  file: string;
  state: string;
  /** Import of the file and what it imports, in ms. */
  collectMs: number;
  /** Tests and hooks, in ms. */
  testsMs: number;
  totalMs: number;
}

const TOP = 15;

export default class FileTimes implements Reporter {
  readonly #files: FileTime[] = [];
  #startedAt = 0;

  onTestRunStart(): void {
    this.#startedAt = Date.now();
  }

  onTestModuleEnd(module: TestModule): void {
    const times = module.diagnostic();
    const collectMs = times.collectDuration + times.setupDuration + times.prepareDuration + times.environmentSetupDuration;
    this.#files.push({
      file: path.relative(process.cwd(), module.moduleId),
      state: module.state(),
      collectMs: Math.round(collectMs),
      testsMs: Math.round(times.duration),
      totalMs: Math.round(collectMs + times.duration),
    });
  }

  onTestRunEnd(): void {
    const wallMs = Date.now() - this.#startedAt;
    const files = [...this.#files].sort((a, b) => b.totalMs - a.totalMs);
    const sumMs = files.reduce((sum, f) => sum + f.totalMs, 0);
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
    const lines = [`\nfile times: ${files.length} files, ${seconds(sumMs).trim()} s summed, ${seconds(wallMs).trim()} s wall; slowest (total = import + tests):`];
    for (const f of files.slice(0, TOP)) lines.push(`${seconds(f.totalMs)} s (import ${seconds(f.collectMs).trim()} s) ${f.state === 'passed' ? '' : `[${f.state}] `}${f.file}`);
    console.log(lines.join('\n'));
    const out = process.env.MAILSCREEN_FILE_TIMES;
    if (out) writeFileSync(out, `${JSON.stringify({ wallMs, sumMs, files }, null, 2)}\n`);
  }
}
