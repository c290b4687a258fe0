// Intake: a scan taken in through the dispatcher (item + hash-chained audit event committed, WAL,
// synchronous=FULL) against bare better-sqlite3 doing two inserts per transaction at the same
// durability. The sides run interleaved in rounds, so a busy shared machine slows them alike.
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Station } from '../src/main/core/station.ts';
import { Store } from '../src/main/store/index.ts';
import { openDatabase } from '../src/main/store/database.ts';
import { hashPin } from '../src/main/core/pin.ts';
import { SopLibrary } from '../src/main/core/sopLibrary.ts';
import { recognizeTrackingNumber } from '../src/shared/domain/index.ts';
import { measure, percentile, ratio, type LatencySummary } from './stats.ts';

const N = Number(process.env.BENCH_INTAKE_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_INTAKE_ROUNDS ?? 10);

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

/** One way of taking scan i in; close() after the last round. */
interface Side {
  scan(i: number): unknown;
  close(): void;
}

/** A live station on `store` with a screener signed in (badge `badge`, made here): the bench's scans go through its dispatcher. */
export async function signedInStation(store: Store, dir: string, badge = 'BENCH-1'): Promise<{ station: Station; connection: ReturnType<Station['connect']> }> {
  const station = new Station({ store, mode: 'live', version: 'bench', simulatedDevices: false, validateContract: false, protocols: new SopLibrary({ dataDir: dir }), idleCheckMs: 0 });
  const pin = await hashPin('2468');
  store.transaction(() => {
    store.operators.insert({ id: badge, badge, name: 'Bench', role: 'screener', pinSalt: pin.salt, pinHash: pin.hash, failedAttempts: 0, lockedUntil: null, createdAt: new Date().toISOString() });
    store.audit.append({ actor: 'bench', kind: 'operator.created', subjectType: 'operator', subjectId: badge, mode: 'live', payload: { badge, name: 'Bench', role: 'screener', via: 'bench' } });
  });
  const connection = station.connect();
  await connection.call('session.login', { badge, pin: '2468' });
  return { station, connection };
}

/** Scan received -> validated -> authorized -> item + audit event committed, through the dispatcher. */
async function stationSide(dir: string, scans: string[]): Promise<Side> {
  const { station, connection } = await signedInStation(Store.open(path.join(dir, 'station.sqlite')), dir);
  return {
    scan: async (i) => {
      const result = await connection.call('intake.scan', { code: scans[i]! });
      if (!result.ok) throw new Error(result.error.message);
    },
    close: () => station.close(),
  };
}

/** The same two rows per scan with bare better-sqlite3 at the same durability (WAL, synchronous=FULL), in two small tables. */
function bareSide(dir: string, scans: string[]): Side {
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
  return { scan: (i) => write.immediate(i), close: () => db.close() };
}

/**
 * The same two inserts with bare better-sqlite3 into the station's own tables (its migrations, so
 * its indexes: about 11 pages written per commit where the small tables write 3) with rows of the
 * station's size, at the same durability: what the schema costs, apart from the station's code.
 */
function bareStationSchemaSide(dir: string, scans: string[]): Side {
  const db = openDatabase(path.join(dir, 'bare-schema.sqlite'));
  const insertItem = db.prepare(`INSERT INTO items (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by, item_type)
    VALUES (?, ?, ?, ?, ?, NULL, 'RECEIVED', 'live', ?, ?, 'operator:op', NULL)`);
  const insertEvent = db.prepare(`INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)
    VALUES (?, ?, 'operator:op', 'ST-BENCH', 'item.received', 'item', ?, 'live', ?, ?, ?)`);
  let seq = 0;
  let prev = '0'.repeat(64);
  const write = db.transaction((i: number) => {
    const code = scans[i]!;
    const id = randomBytes(5).toString('hex');
    const at = new Date().toISOString();
    insertItem.run(id, null, null, code, code, at, at);
    const payload = JSON.stringify({ asTyped: false, carrier: null, matchKey: code, scannedCode: code, source: 'keyboard', state: 'RECEIVED', symbology: null, trackingCheck: 'not a known carrier tracking number', trackingNumber: null });
    const hash = createHash('sha256').update(prev).update(payload).digest('hex');
    seq += 1;
    insertEvent.run(seq, at, id, payload, prev, hash);
    prev = hash;
  });
  return { scan: (i) => write.immediate(i), close: () => db.close() };
}

/** The sides take the scans in turns, ROUNDS rounds of N/ROUNDS each (the order rotating each round). */
async function interleaved(sides: Record<string, Side>, n: number): Promise<Record<string, LatencySummary>> {
  const names = Object.keys(sides);
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const totalMs = Object.fromEntries(names.map((name) => [name, 0]));
  const perRound = Math.ceil(n / ROUNDS);
  for (let round = 0; round * perRound < n; round += 1) {
    const from = round * perRound;
    const count = Math.min(perRound, n - from);
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length]!;
      const side = sides[name]!;
      const started = performance.now();
      for (let i = from; i < from + count; i += 1) {
        const t0 = performance.now();
        await side.scan(i);
        times[name]!.push(performance.now() - t0);
      }
      totalMs[name]! += performance.now() - started;
    }
  }
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  return Object.fromEntries(
    names.map((name) => {
      const sorted = times[name]!.sort((a, b) => a - b);
      return [name, { n, perSecond: Math.round((n / totalMs[name]!) * 1000), p50Ms: round3(percentile(sorted, 50)), p99Ms: round3(percentile(sorted, 99)) }];
    }),
  );
}

const FILESYSTEMS: Record<number, string> = { 0x01021994: 'tmpfs', 0xef53: 'ext4', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x794c7630: 'overlayfs' };

/** The station's side alone, for a profiler (bench/intake-profile.ts). */
export async function stationIntake(dir: string, n: number): Promise<LatencySummary> {
  const side = await stationSide(dir, codes(n));
  try {
    return await measure(n, (i) => side.scan(i));
  } finally {
    side.close();
  }
}

export async function intakeBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-bench-'));
  const opened: Side[] = [];
  try {
    const scans = codes(N);
    const sides = { station: await stationSide(dir, scans), bare: bareSide(dir, scans), bareStationSchema: bareStationSchemaSide(dir, scans) };
    opened.push(...Object.values(sides));
    const { station, bare, bareStationSchema } = await interleaved(sides, N);
    const fsType = statfsSync(dir).type;
    return {
      bench: 'intake',
      what: 'scan received -> committed (item + hash-chained audit event, WAL, synchronous=FULL)',
      where: `${dir} (${FILESYSTEMS[fsType] ?? `filesystem 0x${fsType.toString(16)}`}; TMPDIR chooses it: on tmpfs an fsync costs nothing, so the ratio is the code's)`,
      rounds: ROUNDS,
      station,
      baseline: { what: 'bare better-sqlite3: the same two inserts per transaction, same durability', ...bare },
      baselineStationSchema: { what: "bare better-sqlite3: the same two inserts into the station's own tables (its indexes), rows of its size, same durability", ...bareStationSchema },
      ratio: { throughput: ratio(station!.perSecond, bare!.perSecond), p50: ratio(station!.p50Ms, bare!.p50Ms), p99: ratio(station!.p99Ms, bare!.p99Ms) },
      ratioStationSchema: {
        throughput: ratio(station!.perSecond, bareStationSchema!.perSecond),
        p50: ratio(station!.p50Ms, bareStationSchema!.p50Ms),
        p99: ratio(station!.p99Ms, bareStationSchema!.p99Ms),
      },
    };
  } finally {
    for (const side of opened) side.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
