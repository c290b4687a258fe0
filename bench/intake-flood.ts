// A flood of scans with no idle moment (a conveyor's scanner) on a copy of a store, at SQLite backstop
// checkpoints of each size given: `node bench/intake-flood.ts <store.sqlite> [scans] [pages,pages,...]`
// (docs/intake-speed.md). Prints scans/s and the latency quantiles for each run; the copy is removed.
import path from 'node:path';
import { copyFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Store } from '../src/main/store/index.ts';
import { signedInStation } from './intake.bench.ts';

const src = process.argv[2];
if (!src) throw new Error('usage: node bench/intake-flood.ts <store.sqlite> [scans] [pages,pages,...]');
const scans = Number(process.argv[3] ?? 4000);
const backstops = (process.argv[4] ?? '10000,2000,10000,2000').split(',').map(Number);
const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-intake-flood-'));
const file = path.join(dir, 'm.sqlite');
copyFileSync(src, file);
for (const pages of backstops) {
  const store = Store.open(file);
  store.db.pragma(`wal_autocheckpoint = ${pages}`); // what database.ts sets, overridden for this run
  const { station, connection } = await signedInStation(store, dir, `FLOOD-${pages}-${Date.now()}`);
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < scans; i++) {
    const t = performance.now();
    const result = await connection.call('intake.scan', { code: `FLOOD-${pages}-${Date.now()}-${i}` });
    if (!result.ok) throw new Error(result.error.message);
    times.push(performance.now() - t);
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  const quantile = (p: number) => times[Math.floor((times.length - 1) * p)]!.toFixed(2);
  console.log(JSON.stringify({ backstop: pages, perSecond: Math.round((scans / total) * 1000), p50: quantile(0.5), p99: quantile(0.99), p999: quantile(0.999), max: times.at(-1)!.toFixed(1) }));
  station.close();
}
rmSync(dir, { recursive: true, force: true });
