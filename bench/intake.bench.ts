import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Station } from '../src/main/core/station.ts';
import { Store } from '../src/main/store/index.ts';
import { hashPin } from '../src/main/core/pin.ts';
import { SopLibrary } from '../src/main/core/sopLibrary.ts';
import { recognizeTrackingNumber } from '../src/shared/domain/index.ts';
import { measure, ratio, type LatencySummary } from './stats.ts';

const N = Number(process.env.BENCH_INTAKE_N ?? 2000);

/**
 * Carrier-number shapes with a serial slot (S, filled with the scan's index) and a check-digit slot
 * (C, filled with the digit that makes the number valid): each code is a different, valid number, so
 * every scan runs the full recognition and creates an item without a check-digit question.
 */
const CARRIER_TEMPLATES = ['1Z5R8939SSSSSSSS2C', '98SSSSSSSSSC', '94001112062SSSSSSSSSSC', '3SSSSSSSSC', 'RBSSSSSSSSCGB', 'TBASSSSSSSSSSSS'];

function validNumber(template: string, serial: number): string {
  const width = template.split('S').length - 1;
  let digits = String(serial).padStart(width, '0');
  if (digits.length > width) throw new Error(`intake bench: serial ${serial} does not fit ${template}`);
  const filled = template.replace(/S/g, () => {
    const next = digits.charAt(0);
    digits = digits.slice(1);
    return next;
  });
  if (!filled.includes('C')) return filled;
  for (let check = 0; check <= 9; check += 1) {
    const code = filled.replace('C', String(check));
    if (recognizeTrackingNumber(code).valid) return code;
  }
  throw new Error(`intake bench: no check digit makes ${filled} valid`);
}

/** One new piece of mail per scan: valid carrier numbers mixed with internal barcodes (not carrier numbers). */
function codes(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? `INTERNAL-${i}-${randomBytes(3).toString('hex')}` : validNumber(CARRIER_TEMPLATES[i % CARRIER_TEMPLATES.length]!, 1000 + i),
  );
}

/** Scan received -> validated -> authorized -> item + audit event committed, through the dispatcher. */
async function station(dir: string, scans: string[]): Promise<LatencySummary> {
  const store = Store.open(path.join(dir, 'station.sqlite'));
  const s = new Station({ store, mode: 'live', version: 'bench', simulatedDevices: false, validateContract: false, protocols: new SopLibrary({ dataDir: dir }), idleCheckMs: 0 });
  const pin = await hashPin('2468');
  store.transaction(() => {
    store.operators.insert({ id: 'op', badge: 'BENCH-1', name: 'Bench', role: 'screener', pinSalt: pin.salt, pinHash: pin.hash, failedAttempts: 0, lockedUntil: null, createdAt: new Date().toISOString() });
    store.audit.append({ actor: 'bench', kind: 'operator.created', subjectType: 'operator', subjectId: 'op', mode: 'live', payload: { badge: 'BENCH-1', name: 'Bench', role: 'screener', via: 'bench' } });
  });
  const connection = s.connect();
  await connection.call('session.login', { badge: 'BENCH-1', pin: '2468' });
  const summary = await measure(scans.length, async (i) => {
    const result = await connection.call('intake.scan', { code: scans[i]! });
    if (!result.ok) throw new Error(result.error.message);
  });
  s.close();
  return summary;
}

/** The same two rows per scan with bare better-sqlite3 at the same durability (WAL, synchronous=FULL). */
async function bare(dir: string, scans: string[]): Promise<LatencySummary> {
  const db = new Database(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE items (custody_id TEXT PRIMARY KEY, scanned_code TEXT NOT NULL, state TEXT NOT NULL, received_at TEXT NOT NULL) STRICT;
           CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;`);
  const insertItem = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?)');
  const insertEvent = db.prepare('INSERT INTO audit_events (payload, prev_hash, hash) VALUES (?, ?, ?)');
  let prev = '0'.repeat(64);
  const write = db.transaction((i: number) => {
    const id = randomBytes(5).toString('hex');
    insertItem.run(id, scans[i]!, 'RECEIVED', new Date().toISOString());
    const payload = JSON.stringify({ scannedCode: scans[i] });
    const hash = createHash('sha256').update(prev).update(payload).digest('hex');
    insertEvent.run(payload, prev, hash);
    prev = hash;
  });
  const summary = await measure(scans.length, (i) => write.immediate(i));
  db.close();
  return summary;
}

/** The station's side alone, for a profiler (bench/intake-profile.ts). */
export async function stationIntake(dir: string, n: number): Promise<LatencySummary> {
  return station(dir, codes(n));
}

export async function intakeBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-bench-'));
  try {
    const scans = codes(N);
    const baseline = await bare(dir, scans);
    const ours = await station(dir, scans);
    return {
      bench: 'intake',
      what: 'scan received -> committed (item + hash-chained audit event, WAL, synchronous=FULL)',
      station: ours,
      baseline: { what: 'bare better-sqlite3: the same two inserts per transaction, same durability', ...baseline },
      ratio: { throughput: ratio(ours.perSecond, baseline.perSecond), p50: ratio(ours.p50Ms, baseline.p50Ms), p99: ratio(ours.p99Ms, baseline.p99Ms) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
