// Fills a station store with a realistic history: N items (default 1,000,000) with their weighings,
// inspections, X-ray scans, incidents, custody transfers and real hash-chained audit events (hashed
// here, in bulk, exactly as the store's AuditLog hashes: the canonical JSON of the event after the
// previous hash; the bench verifies the chain it made). The result is cached
// under bench/.cache/, keyed by schema and generator version, and reused by later runs.
// Run alone: `scripts/node-env.sh node bench/generate-store.ts [items]`.
import { spawn } from 'node:child_process';
import { createHash, randomBytes as cryptoRandomBytes, hash as sha256 } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { Store } from '../src/main/store/index.ts';
import { sopFingerprint } from '../src/main/store/replay/index.ts';
import type { AuditKind, AuditPayload } from '../src/shared/contract/index.ts';
import { MIGRATIONS } from '../src/main/store/migrations/index.ts';
import { newCustodyId } from '../src/shared/domain/index.ts';
import { toScaleReading } from '../src/hardware/index.ts';
import { rng } from './seededRandom.ts';

/** Bump when what is generated changes, so stale caches are not reused. */
export const GENERATOR_VERSION = 6;
/** The cache's real folder: a worktree's bench/.cache is a symlink to the main one, and the paths a store keeps should not depend on the worktree. */
const CACHE = ((folder: string) => (existsSync(folder) ? realpathSync(folder) : folder))(path.resolve(import.meta.dirname, '.cache'));
const DAY = 86_400_000;

export interface GeneratedStore {
  dataDir: string;
  dbPath: string;
  imageStore: string;
  items: number;
  incidents: number;
  openIncidents: number;
  auditEvents: number;
  /** Samples to search for: real values from the store. */
  samples: { trackingNumbers: string[]; custodyIds: string[]; surnames: string[] };
  firstDay: string;
  lastDay: string;
  generatedMs: number;
  /** CPU time of the process while generating (user + system): steadier than wall time on a busy machine. */
  generatedCpuMs?: number;
  reused: boolean;
}


const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Elif', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Maria', 'Nils', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'José', 'Björn', 'Łucja', 'Søren'];
const SYL = ['an', 'ber', 'co', 'dal', 'en', 'fitz', 'gar', 'hol', 'is', 'jan', 'kow', 'lar', 'mil', 'ner', 'o', 'per', 'quin', 'ros', 'sen', 'ton', 'ul', 'van', 'wick', 'yam', 'zel', 'müller', 'son', 'ski', 'ez', 'er'];
const DEPTS = ['Legal', 'Finance', 'Mailroom', 'Executive Office', 'HR', 'Research', 'Facilities', 'Press Office'];
const CARRIERS = ['ups', 'fedex', 'usps', 'dhl', 'amazon', null] as const;
const TYPES = ['letter', 'letter', 'letter', 'flat', 'parcel', 'parcel', 'padded-envelope', 'tube'] as const;
const OPERATORS = Array.from({ length: 12 }, (_, i) => `op-${i + 1}`);
/** How far an item's story goes, in lifecycle order (its final state). */
const REACHED = { RECEIVED: 0, WEIGHED: 1, INSPECTED: 2, SCREENED: 3, CLEARED: 4, DELIVERED: 5 } as const;
/** The shipped protocol every generated incident is opened with, kept whole in the row as the station keeps it. */
const PROTOCOL = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../resources/sop/suspicious-substance.json'), 'utf8')) as {
  incidentType: string;
  title: string;
  version: string;
  steps: Array<{ id: string; title: string; requiresTwoPeople?: boolean }>;
};
const PROTOCOL_TEXT = JSON.stringify(PROTOCOL);
const PROTOCOL_SUMMARY = { title: PROTOCOL.title, version: PROTOCOL.version, steps: PROTOCOL.steps.map((s) => s.id) };
const PROTOCOL_SHA256 = sopFingerprint(PROTOCOL);

function surname(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let s = '';
  for (let i = 0; i < n; i += 1) s += SYL[Math.floor(r() * SYL.length)];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function tracking(r: () => number, carrier: string | null, i: number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  switch (carrier) {
    case 'ups':
      return `1Z${digits(4)}${String(i).padStart(12, '0')}`;
    case 'fedex':
      return `${digits(3)}${String(i).padStart(9, '0')}`;
    case 'usps':
      return `9400${digits(6)}${String(i).padStart(12, '0')}`;
    case 'dhl':
      return `${String(i).padStart(10, '0')}`;
    case 'amazon':
      return `TBA${digits(3)}${String(i).padStart(9, '0')}`;
    default:
      return `INTERNAL-${String(i).padStart(8, '0')}`;
  }
}

/**
 * RFC 8785 canonical JSON of the plain values a generated payload holds (text, integers, booleans,
 * null, arrays, objects): keys in UTF-16 order, each value as JSON.stringify writes it, which is
 * what canonicalJson gives them, a few times faster. A difference would break the chain, and
 * verify would say so (test/unit/generate-store.test.ts).
 */
function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  let text = '';
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) text += `${text ? ',' : ''}${JSON.stringify(key)}:${canonical(v)}`;
  }
  return `{${text}}`;
}

/** `Date.prototype.toISOString`, the day's part remembered: most times in a row fall on the same day. */
function isoTime(): (t: number) => string {
  let day = Number.NaN;
  let prefix = '';
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (time) => {
    const t = Math.floor(time);
    const d = Math.floor(t / DAY);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY).toISOString().slice(0, 11);
    }
    const ms = t - d * DAY;
    const milli = ms % 1000;
    return `${prefix}${two(Math.floor(ms / 3_600_000))}:${two(Math.floor(ms / 60_000) % 60)}:${two(Math.floor(ms / 1000) % 60)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
  };
}

function cacheDir(items: number): string {
  const schema = MIGRATIONS.at(-1)!.version;
  return path.join(CACHE, `store-s${schema}-g${GENERATOR_VERSION}-n${items}`);
}

/** The cached store's description, or null when there is none yet. */
function cachedStore(items: number): GeneratedStore | null {
  const dir = cacheDir(items);
  const doneFile = path.join(dir, 'generated.json');
  // Its files where the cache is now (it may have been generated through another worktree's path to it).
  return existsSync(doneFile) ? { ...(JSON.parse(readFileSync(doneFile, 'utf8')) as GeneratedStore), ...storeFiles(dir), reused: true } : null;
}

/**
 * The cached store of `items` items, generated first when there is none for this schema and
 * generator version: in a process of its own (this file run alone, its progress on this
 * process's stderr), so that what generating takes (a 256 MB page cache, the custody IDs of every
 * item, the heap and malloc arenas it grew: 1.2 GB peak, 670 MB left resident at 1M) ends with that
 * process and is not counted in the bench that asked for the store.
 */
export async function generatedStore(items: number): Promise<GeneratedStore> {
  const cached = cachedStore(items);
  if (cached) return cached;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(items)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(signal ? null : exitCode));
  });
  const made = cachedStore(items);
  if (code !== 0 || !made) throw new Error(`generate-store: generating ${items} items failed (exit ${code ?? 'by a signal'}); run it alone to see why: scripts/node-env.sh node bench/generate-store.ts ${items}`);
  return { ...made, reused: false };
}

function storeFiles(dir: string): Pick<GeneratedStore, 'dataDir' | 'dbPath' | 'imageStore'> {
  return { dataDir: dir, dbPath: path.join(dir, 'mailscreen.sqlite'), imageStore: path.join(dir, 'xray-images') };
}

/**
 * The audit chain's table without its UNIQUE hash constraint while the store is loaded, and the
 * constraint back when it is whole. The constraint's index takes every event's hash at a random
 * place: at 1M items (6.8M events, an index of ~500 MB) far beyond the page cache, so each insert
 * reads and writes pages all over it; built once from sorted hashes at the end it costs seconds.
 * SQLite cannot add a constraint to a table, so the table is made without it (its few events
 * kept), the unique index is built after the load, and then the schema is written back as the
 * station's (writable_schema): the table's own SQL, and the index named as SQLite names the
 * constraint's index. The b-tree is the one the constraint would have made (same key, same
 * uniqueness); the schema read back and PRAGMA integrity_check are the proof
 * (test/unit/generate-store.test.ts). Generation only: the station never does this.
 */
function unconstrainedChain(db: Database.Database): { constrain(): void } {
  const table = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").pluck().get()!;
  const autoIndexes = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NULL").pluck().all();
  const unique = /(\bhash\s+TEXT\s+NOT\s+NULL)\s+UNIQUE\b/;
  if (autoIndexes.length !== 1 || autoIndexes[0] !== 'sqlite_autoindex_audit_events_1' || !unique.test(table)) {
    throw new Error(`generate-store: audit_events is not as the generator knows it (its UNIQUE hash): ${autoIndexes.join(', ')}`);
  }
  const triggers = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'").pluck().all();
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Array<Record<string, unknown>>;
  db.exec('DROP TABLE audit_events');
  db.exec(table.replace(unique, '$1'));
  const keep = db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (@seq, @at, @actor, @station, @kind, @subject_type, @subject_id, @mode, @payload, @prev_hash, @hash)');
  for (const row of rows) keep.run(row);
  return {
    constrain() {
      db.exec('CREATE UNIQUE INDEX generator_audit_hash ON audit_events (hash)');
      // better-sqlite3 opens in SQLite's defensive mode, which forbids writing the schema table.
      db.unsafeMode(true);
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'audit_events'").run(table);
      db.prepare("UPDATE sqlite_master SET name = 'sqlite_autoindex_audit_events_1', sql = NULL WHERE type = 'index' AND name = 'generator_audit_hash'").run();
      // Every connection reads the schema again (this one too: writable_schema = RESET).
      const version = Number(db.pragma('schema_version', { simple: true }));
      db.pragma(`schema_version = ${version + 1}`);
      db.pragma('writable_schema = RESET');
      db.unsafeMode(false);
      for (const trigger of triggers) db.exec(trigger);
    },
  };
}

export interface GenerateOptions {
  log?: (line: string) => void;
  /** The share of items found suspect (default 0.002): more, to test the incidents' records at a small N. */
  suspectShare?: number;
}

/**
 * Generates a store of `items` items into `dir` (made in `<dir>.partial-<pid>-<random>` and renamed when
 * whole; an unfinished `dir` is replaced, a finished one is kept). Not cached: `generatedStore` is
 * the cached one. Two processes may generate the same cache key at once (two benches started
 * together): each works in a folder of its own, and the one that finishes second keeps the first
 * one's store (same generator and seed, same rows) rather than removing it under its readers.
 */
export async function generateStore(dir: string, items: number, options: GenerateOptions = {}): Promise<GeneratedStore> {
  const log = options.log ?? (() => undefined);
  const suspectShare = options.suspectShare ?? 0.002;
  const doneFile = path.join(dir, 'generated.json');
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  removeAbandonedWork(dir);
  const work = `${dir}.partial-${process.pid}-${cryptoRandomBytes(4).toString('hex')}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'xray-images'), { recursive: true, mode: 0o700 });
  const dbPath = path.join(work, 'mailscreen.sqlite');
  const r = rng(0x5eed + items);
  const store = new Store((await import('../src/main/store/database.ts')).openDatabase(dbPath), () => new Date('2024-01-01T07:00:00.000Z'));
  const db = store.db;
  // Bulk load: durability is pointless for a generated cache (it is rebuilt if interrupted).
  db.pragma('synchronous = OFF');
  // No log at all while loading (WAL would write every page twice, once to the log and once when
  // checkpointed); the store is put back in WAL, as the station keeps it, when it is whole.
  db.pragma('journal_mode = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -262144');
  // The secondary indexes built at the end sort on a second thread.
  db.pragma('threads = 2');
  // Secondary indexes are built once at the end from sorted data, not grown row by row at random
  // keys (custody IDs, times): most of what a bulk load costs. With them go the foreign key checks
  // row by row (each parent inserted looks up its children): they are checked once, at the end.
  // The UNIQUE indexes stay (constraints; they cannot be dropped).
  db.pragma('foreign_keys = OFF');
  const indexes = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all();
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  // Likewise the full-text indexes: a trigger feeds each row to FTS5 as it is inserted (a third of
  // the load); instead each is rebuilt once from its content table at the end.
  const itemTriggers = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'").all();
  for (const trigger of itemTriggers) db.exec(`DROP TRIGGER "${trigger.name.replaceAll('"', '""')}"`);
  const fullText = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'").pluck().all();
  const chainTable = unconstrainedChain(db);
  const span = 730 * DAY;
  const step = span / items;
  const custodyIds = new Set<string>();
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));

  const insertItem = db.prepare(`INSERT INTO items (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by,
      item_type, recipient, sender, dimensions, incident_id, screened, disposition)
    VALUES (@custody_id, @tracking_number, @carrier, @scanned_code, @match_key, @symbology, @state, @mode, @received_at, @updated_at, @received_by,
      @item_type, @recipient, @sender, NULL, @incident_id, @screened, @disposition)`);
  const insertWeighing = db.prepare('INSERT INTO weighings (custody_id, grams, source, reading, manual_reason, operator_id, at) VALUES (?, ?, ?, ?, NULL, ?, ?)');
  const insertInspection = db.prepare('INSERT INTO inspections (custody_id, indicators, notes, operator_id, at) VALUES (?, ?, ?, ?, ?)');
  const insertScan = db.prepare(`INSERT INTO xray_scans (custody_id, device_id, scan_ref, image_sha256, image_file, verdict, findings, notes, reviewer_id, requested_by, requested_at)
    VALUES (?, 'xray-1', ?, ?, ?, ?, ?, '', ?, ?, ?)`);
  const insertIncident = db.prepare(`INSERT INTO incidents (number, custody_id, type, mode, reason, protocol, details, outcome, lab_reference, corrective_actions, opened_by, opened_at, closed_by, closed_second_by, closed_at)
    VALUES (?, ?, ?, ?, ?, ?, '{}', ?, NULL, ?, ?, ?, ?, ?, ?)`);
  const insertStep = db.prepare('INSERT INTO incident_steps (incident_id, step_id, acknowledged_by, second_by, acknowledged_at, note, could_not_because) VALUES (?, ?, ?, ?, ?, ?, NULL)');
  const insertEntry = db.prepare('INSERT INTO incident_entries (incident_id, kind, data, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)');
  const insertTransfer = db.prepare(`INSERT INTO custody_transfers (custody_id, incident_id, kind, released_by, received_by, reason, seal_numbers, seal_intact, location, second_by, recorded_by, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const samples = { trackingNumbers: [] as string[], custodyIds: [] as string[], surnames: [] as string[] };
  let incidents = 0;
  let openIncidents = 0;
  let images = 0;
  const perYear = new Map<number, number>();
  const iso = isoTime();
  // The chain is appended here, not through AuditLog.append (a head query, two canonicalisations
  // and a re-parse per event): the same canonical text (keys in order: actor, at, kind, mode,
  // payload, seq, station, subjectId, subjectType) after the previous hash, one prepared insert.
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get()!;
  let seq = head.seq;
  let prevHash = head.hash;
  const station = JSON.stringify(store.stationId);
  const insertEvent = db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  /**
   * One audit event, its payload what the station's services write for that kind today (the
   * catalog's schema), so that `verify` replays every state row from the events (DESIGN
   * invariant 8) and finds the tables as the events say.
   */
  const event = <K extends AuditKind>(actor: string, kind: K, subjectType: 'item' | 'incident', subjectId: string, mode: 'live' | 'drill', payload: AuditPayload<K>, at: number) => {
    seq += 1;
    const when = iso(at);
    const text = canonical(payload);
    const hash = sha256('sha256', `${prevHash}{"actor":${JSON.stringify(actor)},"at":"${when}","kind":${JSON.stringify(kind)},"mode":"${mode}","payload":${text},"seq":${seq},"station":${station},"subjectId":${JSON.stringify(subjectId)},"subjectType":"${subjectType}"}`, 'hex');
    insertEvent.run(seq, when, actor, store.stationId, kind, subjectType, subjectId, mode, text, prevHash, hash);
    prevHash = hash;
  };

  const one = (i: number) => {
    const t0 = new Date('2024-01-01T07:00:00.000Z').getTime() + i * step;
    const opId = OPERATORS[Math.floor(r() * OPERATORS.length)]!;
    const op = `operator:${opId}`;
    let custodyId = newCustodyId(randomBytes);
    while (custodyIds.has(custodyId)) custodyId = newCustodyId(randomBytes);
    custodyIds.add(custodyId);
    const carrier = CARRIERS[Math.floor(r() * CARRIERS.length)]!;
    const code = tracking(r, carrier, i);
    const last = surname(r);
    const recipient = r() < 0.15 ? `${DEPTS[Math.floor(r() * DEPTS.length)]} – attn ${FIRST[Math.floor(r() * FIRST.length)]} ${last}` : `${FIRST[Math.floor(r() * FIRST.length)]} ${last}`;
    const itemType = TYPES[Math.floor(r() * TYPES.length)]!;
    const mode = r() < 0.003 ? 'drill' : 'live';
    const recent = i > items - items / 200;
    const suspect = r() < suspectShare;
    const roll = r();
    const xrayed = itemType === 'parcel';
    // How far the item's story goes: most are delivered; the last days' items are still on the way.
    let target: number;
    if (suspect) target = REACHED.INSPECTED;
    else if (recent && roll < 0.5) target = Math.floor(r() * 5);
    else target = REACHED.DELIVERED;
    if (target === REACHED.SCREENED && !xrayed) target = REACHED.INSPECTED;
    const returned = !suspect && target === REACHED.DELIVERED && roll >= 0.96;
    let t = t0;
    const tick = () => (t += 30_000 + Math.floor(r() * 600_000));
    let state = 'RECEIVED';
    /** An item step's move, as the station stamps it on the event. */
    const move = (to: string) => {
      const from = state;
      state = to;
      return { from, to };
    };
    event(op, 'item.received', 'item', custodyId, mode, { scannedCode: code, symbology: 'code128', trackingNumber: carrier ? code : null, carrier, source: 'device:scanner-1', state: 'RECEIVED', matchKey: code, asTyped: false }, t);
    event(op, 'item.detailsRecorded', 'item', custodyId, mode, { itemType, recipient, sender: null, dimensions: null }, tick());
    if (target >= REACHED.WEIGHED) {
      const grams = Math.round(20 + r() * (itemType === 'parcel' ? 8000 : 400));
      // The scale's stable reading as its driver makes it (toScaleReading: the contract's
      // ScaleReading, grams derived and bounded the driver's way), captured as the weigh step
      // captures it: the whole reading in the row (less the live-only newLoadFor), its device and
      // value in the event, the row's time that of the capture.
      const at = tick();
      const reading = toScaleReading('scale-1', { condition: 'stable', value: String(grams), unit: 'g', resolution: '1' }, new Date(at));
      insertWeighing.run(custodyId, reading.grams, 'scale', JSON.stringify(reading), opId, iso(at));
      event(op, 'item.weighed', 'item', custodyId, mode, { grams, source: 'scale', deviceId: reading.deviceId, value: reading.value, unit: reading.unit, resolution: reading.resolution, ...move('WEIGHED') }, t);
    }
    const indicators = suspect ? ['excessive-postage', 'oily-stains'] : [];
    if (target >= REACHED.INSPECTED) {
      insertInspection.run(custodyId, JSON.stringify(indicators), '', opId, iso(tick()));
      event(op, 'item.inspected', 'item', custodyId, mode, { indicators, notes: '', ...move('INSPECTED') }, t);
    }
    let scanRef: string | null = null;
    let findings: string[] = [];
    if (xrayed && (suspect || target >= REACHED.SCREENED)) {
      scanRef = `${custodyId}:${String(i).padStart(8, '0')}`;
      findings = suspect ? ['powderOrGranularMass'] : [];
      let sha: string;
      let file: string;
      let kept: string | null = null;
      // A few hundred real image files: enough for the backup to copy and verify without a huge
      // cache. The others' images are gone from the image store, as after its retention purge:
      // their events still name the file the cabinet wrote; the row names none.
      if (images < 300 && i % Math.max(1, Math.floor(items / 300)) === 0) {
        const bytes = Buffer.from(`simulated X-ray image ${i} ${custodyId}`.repeat(200));
        sha = createHash('sha256').update(bytes).digest('hex');
        file = path.join(dir, 'xray-images', `${sha}.png`);
        kept = file;
        writeFileSync(path.join(work, 'xray-images', `${sha}.png`), bytes, { mode: 0o600 });
        images += 1;
      } else {
        sha = createHash('sha256').update(scanRef).digest('hex');
        file = path.join(dir, 'xray-images', `${sha}.png`);
      }
      insertScan.run(custodyId, scanRef, sha, kept, suspect ? 'suspect' : 'clear', JSON.stringify(findings), opId, opId, iso(tick()));
      event(op, 'xray.scanRequested', 'item', custodyId, mode, { scanRef, deviceId: 'xray-1', ...move('INSPECTED') }, t);
      event('station', 'xray.imageCaptured', 'item', custodyId, mode, { scanRef, sha256: sha, file }, tick());
      if (!suspect) event(op, 'xray.verdictRecorded', 'item', custodyId, mode, { verdict: 'clear', findings, notes: '', scanRef, ...move('SCREENED') }, tick());
    }
    let screened: string | null = null;
    let disposition: string | null = null;
    if (target >= REACHED.CLEARED) {
      const record = { methods: xrayed ? ['visual', 'xray'] : ['visual'], operatorId: opId, at: iso(tick()) };
      screened = JSON.stringify(record);
      event(op, 'item.cleared', 'item', custodyId, mode, { screened: record, ...move('CLEARED') }, t);
    }
    if (target >= REACHED.DELIVERED) {
      if (returned) {
        const record = { outcome: 'returned', reason: 'refused by the recipient', by: opId, at: iso(tick()) };
        disposition = JSON.stringify(record);
        event(op, 'item.returned', 'item', custodyId, mode, { ...record, ...move('RETURNED') }, t);
      } else {
        const record = { outcome: 'delivered', receivedBy: { kind: 'name', name: recipient }, confirmedBy: opId, at: iso(tick()) };
        disposition = JSON.stringify(record);
        event(op, 'item.delivered', 'item', custodyId, mode, { ...record, ...move('DELIVERED') }, t);
      }
    }
    let incident: { id: number; number: string } | null = null;
    if (suspect) incident = suspectStory({ i, custodyId, mode, op, opId, last, indicators, scanRef, findings, recent, now: () => t, tick, move });
    insertItem.run({
      custody_id: custodyId,
      tracking_number: carrier ? code : null,
      carrier,
      scanned_code: code,
      match_key: code,
      symbology: 'code128',
      state,
      mode,
      received_at: iso(t0),
      updated_at: iso(t),
      received_by: op,
      item_type: itemType,
      recipient,
      sender: null,
      incident_id: incident?.id ?? null,
      screened,
      disposition,
    });
    if (i % Math.max(1, Math.floor(items / 50)) === 0) {
      samples.custodyIds.push(custodyId);
      samples.trackingNumbers.push(code);
      samples.surnames.push(last);
    }
  };

  /**
   * A suspect item: marked suspect (by its X-ray verdict, or by what inspection found), its
   * incident opened with the protocol in force, quarantined, some steps and entries recorded; all
   * but the last days' incidents (and a few others) closed after the item left quarantine.
   */
  const suspectStory = (s: {
    i: number;
    custodyId: string;
    mode: 'live' | 'drill';
    op: string;
    opId: string;
    last: string;
    indicators: string[];
    scanRef: string | null;
    findings: string[];
    recent: boolean;
    now: () => number;
    tick: () => number;
    move: (to: string) => { from: string; to: string };
  }): { id: number; number: string } => {
    const { custodyId, mode, op, opId } = s;
    const opened = s.tick();
    const year = new Date(opened).getUTCFullYear();
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    const number = `${mode === 'drill' ? 'DRILL' : 'INC'}-${year}-${String(n).padStart(4, '0')}`;
    const open = s.recent || r() < 0.01;
    const end = r();
    const finalState = open ? 'QUARANTINED' : end < 0.6 ? 'RELEASED' : end < 0.9 ? 'HANDED_OVER' : 'DESTROYED';
    const outcome = finalState === 'RELEASED' ? 'benign' : end < 0.75 ? 'hoax' : 'confirmed';
    const second = OPERATORS[(OPERATORS.indexOf(opId) + 1) % OPERATORS.length]!;
    const reason = s.scanRef ? 'X-ray verdict suspect: powderOrGranularMass.' : 'indicators on inspection';
    const xray = s.scanRef ? { xray: { review: 'first' as const, scanRef: s.scanRef, verdict: 'suspect', findings: s.findings, notes: '' } } : {};
    event(op, 'item.markedSuspect', 'item', custodyId, mode, { ...s.move('SUSPECT'), incidentNumber: number, reason, indicators: s.indicators, ...xray }, opened);
    const id = Number(
      insertIncident.run(number, custodyId, PROTOCOL.incidentType, mode, reason, PROTOCOL_TEXT, open ? null : outcome, open ? null : '', opId, iso(opened), open ? null : opId, open ? null : second, open ? null : iso(opened + 6 * 3_600_000)).lastInsertRowid,
    );
    event(op, 'incident.opened', 'incident', number, mode, { custodyId, type: PROTOCOL.incidentType, reason, protocol: PROTOCOL_SUMMARY, protocolSha256: PROTOCOL_SHA256 }, opened);
    const seal = [`SEAL-${s.i}`];
    const quarantine = {
      incidentNumber: number,
      kind: 'quarantine',
      releasedBy: { kind: 'place', name: 'found at the screening station (screening room)' },
      receivedBy: { kind: 'operator', operatorId: opId, name: `Operator ${opId}` },
      reason: 'suspect item',
      sealNumbers: seal,
      sealIntact: true,
      location: 'screening room',
      secondBy: null,
    };
    transfer(custodyId, id, quarantine, opId, s.tick());
    event(op, 'custody.quarantined', 'item', custodyId, mode, { ...s.move('QUARANTINED'), ...quarantine }, s.now());
    for (const acknowledged of PROTOCOL.steps.slice(0, 4)) {
      const secondBy = acknowledged.requiresTwoPeople ? second : null;
      insertStep.run(id, acknowledged.id, opId, secondBy, iso(s.tick()), '');
      event(op, 'incident.stepAcknowledged', 'incident', number, mode, { stepId: acknowledged.id, title: acknowledged.title, note: '', secondBy, couldNotBecause: null }, s.now());
    }
    const person = { name: `${FIRST[s.i % FIRST.length]} ${s.last}`, involvement: 'handled', contact: null };
    insertEntry.run(id, 'person', JSON.stringify(person), opId, iso(s.tick()));
    event(op, 'incident.personRecorded', 'incident', number, mode, person, s.now());
    const notification = { agency: '911', notifiedAt: iso(s.now()), reference: `CAD-${s.i}`, notes: '' };
    insertEntry.run(id, 'notification', JSON.stringify(notification), opId, iso(s.tick()));
    event(op, 'incident.notificationRecorded', 'incident', number, mode, notification, s.now());
    if (open) {
      openIncidents += 1;
    } else {
      const holder = { kind: 'operator', operatorId: opId, name: `Operator ${opId}` };
      const leaving =
        finalState === 'RELEASED'
          ? { kind: 'release', releasedBy: holder, receivedBy: { kind: 'place', name: 'released to normal mail flow' }, reason: 'benign', sealNumbers: seal, sealIntact: true, location: null, secondBy: second }
          : finalState === 'HANDED_OVER'
            ? { kind: 'handOver', releasedBy: holder, receivedBy: { kind: 'external', name: 'Officer', agency: 'police', badgeNumber: `PD-${1000 + (s.i % 9000)}`, confirmedBy: opId }, reason: 'case closed', sealNumbers: seal, sealIntact: true, location: null, secondBy: null }
            : { kind: 'destroy', releasedBy: holder, receivedBy: { kind: 'place', name: 'destroyed' }, reason: 'case closed', sealNumbers: [], sealIntact: null, location: null, secondBy: second };
      transfer(custodyId, id, leaving, opId, s.tick());
      const kind = finalState === 'RELEASED' ? 'custody.released' : finalState === 'HANDED_OVER' ? 'custody.handedOver' : 'custody.destroyed';
      event(op, kind, 'item', custodyId, mode, { ...s.move(finalState), incidentNumber: number, ...leaving }, s.now());
      event(op, 'incident.outcomeRecorded', 'incident', number, mode, { outcome, labReference: null, correctiveActions: '' }, s.tick());
      event(op, 'incident.closed', 'incident', number, mode, { outcome, secondBy: second }, opened + 6 * 3_600_000);
    }
    incidents += 1;
    return { id, number };
  };

  /** A custody transfer's row, as the custody service writes it. */
  const transfer = (custodyId: string, incidentId: number, t: { kind: string; releasedBy: unknown; receivedBy: unknown; reason: string; sealNumbers: string[]; sealIntact: boolean | null; location: string | null; secondBy: string | null }, by: string, at: number) =>
    insertTransfer.run(custodyId, incidentId, t.kind, JSON.stringify(t.releasedBy), JSON.stringify(t.receivedBy), t.reason, JSON.stringify(t.sealNumbers), t.sealIntact === null ? null : t.sealIntact ? 1 : 0, t.location, t.secondBy, by, iso(at));

  const batch = db.transaction((from: number, to: number) => {
    // An item's records are written as its story unfolds, before its final row; integrity is checked at the end.
    for (let i = from; i < to; i += 1) one(i);
  });
  // Big transactions: a cache needs no per-item commit (and is rebuilt if interrupted).
  const BATCH = 25_000;
  for (let from = 0; from < items; from += BATCH) {
    batch.immediate(from, Math.min(items, from + BATCH));
    if ((from / BATCH) % 4 === 0) log(`generate-store: ${Math.min(items, from + BATCH)} / ${items} items, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  chainTable.constrain();
  for (const index of indexes) db.exec(index.sql);
  for (const table of fullText) db.exec(`INSERT INTO "${table.replaceAll('"', '""')}" ("${table.replaceAll('"', '""')}") VALUES ('rebuild')`);
  for (const trigger of itemTriggers) db.exec(trigger.sql);
  const orphans = db.prepare('PRAGMA foreign_key_check').all();
  if (orphans.length > 0) throw new Error(`generate-store: ${orphans.length} rows break a foreign key, first ${JSON.stringify(orphans[0])}`);
  db.pragma('foreign_keys = ON');
  const auditEvents = db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
  store.close();
  const result: GeneratedStore = {
    ...storeFiles(dir),
    items,
    incidents,
    openIncidents,
    auditEvents,
    samples,
    firstDay: '2024-01-01',
    lastDay: new Date(new Date('2024-01-01T00:00:00Z').getTime() + span).toISOString().slice(0, 10),
    generatedMs: Math.round(performance.now() - started),
    generatedCpuMs: Math.round(((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpuStarted))),
    reused: false,
  };
  // Marked whole inside the work folder, so `dir` appears whole or not at all.
  writeFileSync(path.join(work, 'generated.json'), JSON.stringify(result, null, 2));
  if (existsSync(doneFile)) {
    rmSync(work, { recursive: true, force: true });
    log(`generate-store: ${dir} was generated meanwhile by another process: kept, this one's copy removed`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  log(`generate-store: ${items} items, ${auditEvents} events in ${Math.round(result.generatedMs / 1000)} s (${Math.round((result.generatedCpuMs ?? 0) / 1000)} s of CPU)`);
  return result;
}

/** Work folders of `dir` left by generators that are gone (killed, crashed): up to GBs each. */
function removeAbandonedWork(dir: string): void {
  const prefix = `${path.basename(dir)}.partial`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(dir));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length + 1).split('-')[0]);
    // The old unnumbered work folder, or one whose process no longer runs.
    if (name === prefix || (Number.isSafeInteger(pid) && pid > 0 && !processRuns(pid))) rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? process.env.BENCH_ITEMS ?? 1_000_000);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`generate-store: the number of items must be a whole number above 0, not ${process.argv[2] ?? process.env.BENCH_ITEMS}`);
  // Here, in this process: the cached store when there is one, else generated now.
  const result = cachedStore(n) ?? (await generateStore(cacheDir(n), n, { log: (line) => process.stderr.write(`${line}\n`) }));
  process.stdout.write(`${JSON.stringify({ ...result, samples: undefined })}\n`);
}
