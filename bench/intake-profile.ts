// Profiling driver: `TMPDIR=/dev/shm scripts/node-env.sh node --cpu-prof --cpu-prof-dir=/tmp/x bench/intake-profile.ts [n]`
// takes n scans in through the same path as the intake bench (the dispatcher's intake.scan); read the
// profile with `node bench/cpuprofile-top.ts /tmp/x/<file>.cpuprofile 30 "src/main/(core|store)/"`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stationIntake } from './intake.bench.ts';

const n = Number(process.argv[2] ?? 5000);
const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-intake-profile-'));
try {
  process.stdout.write(`${JSON.stringify(await stationIntake(dir, n))}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
