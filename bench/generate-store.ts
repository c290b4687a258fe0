// Fills a station store with a realistic history: N items (default 1,000,000) with their weighings,
// inspections, X-ray scans, incidents, custody transfers and real hash-chained audit events (hashed
// here, in bulk, exactly as the store's AuditLog hashes: the canonical JSON of the event after the
// previous hash; the bench verifies the chain it made). The result is cached
// under bench/.cache/, keyed by schema and generator version, and reused by later runs.
// Run alone: `scripts/node-env.sh node bench/generate-store.ts [items]`.
import { createHash, hash as sha256 } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../src/main/store/index.ts';
import { canonicalJson } from '../src/main/store/canonicalJson.ts';
import { MIGRATIONS } from '../src/main/store/migrations/index.ts';
import { newCustodyId } from '../src/shared/domain/index.ts';

/** Bump when what is generated changes, so stale caches are not reused. */
export const GENERATOR_VERSION = 4;
const CACHE = path.resolve(import.meta.dirname, '.cache');
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

/** A seeded PRNG (mulberry32): the same N gives the same store on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Elif', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Maria', 'Nils', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'José', 'Björn', 'Łucja', 'Søren'];
const SYL = ['an', 'ber', 'co', 'dal', 'en', 'fitz', 'gar', 'hol', 'is', 'jan', 'kow', 'lar', 'mil', 'ner', 'o', 'per', 'quin', 'ros', 'sen', 'ton', 'ul', 'van', 'wick', 'yam', 'zel', 'müller', 'son', 'ski', 'ez', 'er'];
const DEPTS = ['Legal', 'Finance', 'Mailroom', 'Executive Office', 'HR', 'Research', 'Facilities', 'Press Office'];
const CARRIERS = ['ups', 'fedex', 'usps', 'dhl', 'amazon', null] as const;
const TYPES = ['letter', 'letter', 'letter', 'flat', 'parcel', 'parcel', 'padded-envelope', 'tube'] as const;
const OPERATORS = Array.from({ length: 12 }, (_, i) => `op-${i + 1}`);

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

function cacheDir(items: number): string {
  const schema = MIGRATIONS.at(-1)!.version;
  return path.join(CACHE, `store-s${schema}-g${GENERATOR_VERSION}-n${items}`);
}

export async function generatedStore(items: number, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<GeneratedStore> {
  const dir = cacheDir(items);
  const doneFile = path.join(dir, 'generated.json');
  if (existsSync(doneFile)) return { ...(JSON.parse(readFileSync(doneFile, 'utf8')) as GeneratedStore), reused: true };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const work = `${dir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'xray-images'), { recursive: true, mode: 0o700 });
  const dbPath = path.join(work, 'mailscreen.sqlite');
  const r = rng(0x5eed + items);
  const store = new Store((await import('../src/main/store/database.ts')).openDatabase(dbPath), () => new Date('2024-01-01T07:00:00.000Z'));
  const db = store.db;
  // Bulk load: durability is pointless for a generated cache (it is rebuilt if interrupted).
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Secondary indexes are built once at the end from sorted data, not grown row by row at random
  // keys (custody IDs, times): most of what a bulk load costs. With them go the foreign key checks
  // row by row (each parent inserted looks up its children): they are checked once, at the end.
  // The UNIQUE indexes stay (constraints; they cannot be dropped).
  db.pragma('foreign_keys = OFF');
  const indexes = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all();
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  const span = 730 * DAY;
  const step = span / items;
  const custodyIds = new Set<string>();
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));

  const insertItem = db.prepare(`INSERT INTO items (custody_id, tracking_number, carrier, scanned_code, match_key, symbology, state, mode, received_at, updated_at, received_by,
      item_type, recipient, sender, dimensions, incident_id, screened, disposition)
    VALUES (@custody_id, @tracking_number, @carrier, @scanned_code, @match_key, @symbology, @state, @mode, @received_at, @updated_at, @received_by,
      @item_type, @recipient, @sender, NULL, NULL, @screened, @disposition)`);
  const setIncident = db.prepare('UPDATE items SET incident_id = ? WHERE custody_id = ?');
  const insertWeighing = db.prepare('INSERT INTO weighings (custody_id, grams, source, reading, manual_reason, operator_id, at) VALUES (?, ?, ?, NULL, NULL, ?, ?)');
  const insertInspection = db.prepare('INSERT INTO inspections (custody_id, indicators, notes, operator_id, at) VALUES (?, ?, ?, ?, ?)');
  const insertScan = db.prepare(`INSERT INTO xray_scans (custody_id, device_id, scan_ref, image_sha256, image_file, verdict, findings, notes, reviewer_id, requested_by, requested_at)
    VALUES (?, 'xray-1', ?, ?, ?, ?, '[]', '', ?, ?, ?)`);
  const insertIncident = db.prepare(`INSERT INTO incidents (number, custody_id, type, mode, reason, protocol, details, outcome, opened_by, opened_at, closed_by, closed_second_by, closed_at)
    VALUES (?, ?, ?, ?, ?, '{}', '{}', ?, ?, ?, ?, ?, ?)`);
  const insertStep = db.prepare('INSERT INTO incident_steps (incident_id, step_id, acknowledged_by, second_by, acknowledged_at, note) VALUES (?, ?, ?, NULL, ?, ?)');
  const insertEntry = db.prepare('INSERT INTO incident_entries (incident_id, kind, data, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)');
  const insertTransfer = db.prepare(`INSERT INTO custody_transfers (custody_id, incident_id, kind, released_by, received_by, reason, seal_numbers, seal_intact, location, second_by, recorded_by, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'screening room', NULL, ?, ?)`);

  const samples = { trackingNumbers: [] as string[], custodyIds: [] as string[], surnames: [] as string[] };
  let incidents = 0;
  let openIncidents = 0;
  let images = 0;
  const perYear = new Map<number, number>();
  const iso = (t: number) => new Date(t).toISOString();
  // The chain is appended here, not through AuditLog.append (a head query, two canonicalisations
  // and a re-parse per event): the same canonical text (keys in order: actor, at, kind, mode,
  // payload, seq, station, subjectId, subjectType) after the previous hash, one prepared insert.
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get()!;
  let seq = head.seq;
  let prevHash = head.hash;
  const station = JSON.stringify(store.stationId);
  const insertEvent = db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const event = (actor: string, kind: string, subjectType: 'item' | 'incident', subjectId: string, mode: 'live' | 'drill', payload: Record<string, unknown>, at: number) => {
    // Payloads of the shape the benchmark needs, not always the catalog's: appended as an older version's would have been.
    seq += 1;
    const when = iso(at);
    const text = canonicalJson(payload);
    const hash = sha256('sha256', `${prevHash}{"actor":${JSON.stringify(actor)},"at":"${when}","kind":${JSON.stringify(kind)},"mode":"${mode}","payload":${text},"seq":${seq},"station":${station},"subjectId":${JSON.stringify(subjectId)},"subjectType":"${subjectType}"}`, 'hex');
    insertEvent.run(seq, when, actor, store.stationId, kind, subjectType, subjectId, mode, text, prevHash, hash);
    prevHash = hash;
  };

  const one = (i: number) => {
    const t0 = new Date('2024-01-01T07:00:00.000Z').getTime() + i * step;
    const op = `operator:${OPERATORS[Math.floor(r() * OPERATORS.length)]}`;
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
    const suspect = r() < 0.002;
    const roll = r();
    let t = t0;
    const tick = () => (t += 30_000 + Math.floor(r() * 600_000));
    event(op, 'item.received', 'item', custodyId, mode, { scannedCode: code, symbology: 'code128', trackingNumber: carrier ? code : null, carrier, source: 'device:scanner-1', state: 'RECEIVED' }, t);
    event(op, 'item.detailsRecorded', 'item', custodyId, mode, { itemType, recipient, sender: null, dimensions: null }, tick());
    const grams = Math.round(20 + r() * (itemType === 'parcel' ? 8000 : 400));
    insertWeighing.run(custodyId, grams, 'scale', op.slice(9), iso(tick()));
    event(op, 'item.weighed', 'item', custodyId, mode, { grams, source: 'scale', deviceId: 'scale-1', value: grams, unit: 'g', resolution: 1 }, t);
    const indicators = suspect ? ['excessive-postage', 'oily-stains'] : [];
    insertInspection.run(custodyId, JSON.stringify(indicators), '', op.slice(9), iso(tick()));
    event(op, 'item.inspected', 'item', custodyId, mode, { indicators, notes: '' }, t);
    if (itemType === 'parcel' || suspect) {
      const scanRef = `SCAN-${i}`;
      let sha: string;
      let file: string | null = null;
      // A few hundred real image files: enough for the backup to copy and verify without a huge cache.
      if (images < 300 && i % Math.max(1, Math.floor(items / 300)) === 0) {
        const bytes = Buffer.from(`simulated X-ray image ${i} ${custodyId}`.repeat(200));
        sha = createHash('sha256').update(bytes).digest('hex');
        file = path.join(dir, 'xray-images', `${sha}.png`);
        writeFileSync(path.join(work, 'xray-images', `${sha}.png`), bytes, { mode: 0o600 });
        images += 1;
      } else {
        sha = createHash('sha256').update(scanRef).digest('hex');
      }
      insertScan.run(custodyId, scanRef, sha, file, suspect ? 'suspect' : 'clear', op.slice(9), op.slice(9), iso(tick()));
      event(op, 'xray.scanRequested', 'item', custodyId, mode, { scanRef, deviceId: 'xray-1' }, t);
      event('station', 'xray.imageCaptured', 'item', custodyId, mode, { scanRef, sha256: sha, file }, tick());
      event(op, 'xray.verdictRecorded', 'item', custodyId, mode, { verdict: suspect ? 'suspect' : 'clear', findings: [], notes: '', scanRef }, tick());
    }
    let state: string;
    let screened: string | null = null;
    let disposition: string | null = null;
    let incident: { number: string; open: boolean; outcome: string | null } | null = null;
    if (suspect) {
      const year = new Date(t).getUTCFullYear();
      const n = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, n);
      const open = recent || r() < 0.01;
      const end = r();
      state = open ? 'QUARANTINED' : end < 0.6 ? 'RELEASED' : end < 0.9 ? 'HANDED_OVER' : 'DESTROYED';
      incident = { number: `${mode === 'drill' ? 'DRILL' : 'INC'}-${year}-${String(n).padStart(4, '0')}`, open, outcome: open ? null : state === 'RELEASED' ? 'false-alarm' : 'handed-over' };
    } else if (recent && roll < 0.5) {
      state = (['RECEIVED', 'WEIGHED', 'INSPECTED', 'SCREENED', 'CLEARED'] as const)[Math.floor(r() * 5)]!;
    } else {
      state = roll < 0.96 ? 'DELIVERED' : 'RETURNED';
    }
    if (!suspect && ['CLEARED', 'DELIVERED', 'RETURNED'].includes(state)) {
      screened = JSON.stringify({ at: iso(tick()), operatorId: op.slice(9), method: itemType === 'parcel' ? 'xray' : 'visual' });
      event(op, 'item.cleared', 'item', custodyId, mode, { screened: JSON.parse(screened) as unknown }, t);
    }
    if (state === 'DELIVERED' || state === 'RETURNED') {
      disposition = JSON.stringify({ kind: state === 'DELIVERED' ? 'delivered' : 'returned', at: iso(tick()), to: recipient });
      event(op, state === 'DELIVERED' ? 'item.delivered' : 'item.returned', 'item', custodyId, mode, JSON.parse(disposition) as Record<string, unknown>, t);
    }
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
      screened,
      disposition,
    });
    if (incident) {
      const opened = t;
      event(op, 'item.markedSuspect', 'item', custodyId, mode, { reason: 'indicators', indicators }, opened);
      const id = Number(
        insertIncident.run(incident.number, custodyId, 'powder', mode, 'indicators on inspection', incident.outcome, op, iso(opened), incident.open ? null : op, incident.open ? null : 'operator:op-1', incident.open ? null : iso(opened + 6 * 3_600_000)).lastInsertRowid,
      );
      setIncident.run(id, custodyId);
      event(op, 'incident.opened', 'incident', String(id), mode, { number: incident.number, custodyId, type: 'powder' }, opened);
      for (const stepId of ['isolate', 'evacuate', 'hvac-off', 'notify-911']) {
        insertStep.run(id, stepId, op.slice(9), iso(tick()), '');
        event(op, 'incident.stepAcknowledged', 'incident', String(id), mode, { stepId }, t);
      }
      insertEntry.run(id, 'person', JSON.stringify({ name: `${FIRST[i % FIRST.length]} ${last}`, role: 'handled' }), op.slice(9), iso(tick()));
      insertEntry.run(id, 'notification', JSON.stringify({ agency: '911', reference: `CAD-${i}` }), op.slice(9), iso(tick()));
      const seal = [`SEAL-${i}`];
      insertTransfer.run(custodyId, id, 'quarantine', '{"kind":"place"}', JSON.stringify({ kind: 'operator', operatorId: op.slice(9) }), 'suspect item', JSON.stringify(seal), 1, op.slice(9), iso(tick()));
      event(op, 'custody.quarantined', 'item', custodyId, mode, { sealNumbers: seal }, t);
      if (!incident.open) {
        insertTransfer.run(custodyId, id, state === 'RELEASED' ? 'release' : state === 'DESTROYED' ? 'destroy' : 'handOver', JSON.stringify({ kind: 'operator', operatorId: op.slice(9) }), '{"kind":"external","name":"Officer"}', 'case closed', JSON.stringify(seal), 1, op.slice(9), iso(tick()));
        event(op, 'custody.transferred', 'item', custodyId, mode, { kind: state, sealNumbers: seal }, t);
        event(op, 'incident.closed', 'incident', String(id), mode, { outcome: incident.outcome }, opened + 6 * 3_600_000);
      } else {
        openIncidents += 1;
      }
      incidents += 1;
    }
    if (i % Math.max(1, Math.floor(items / 50)) === 0) {
      samples.custodyIds.push(custodyId);
      samples.trackingNumbers.push(code);
      samples.surnames.push(last);
    }
  };

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
  for (const index of indexes) db.exec(index.sql);
  const orphans = db.prepare('PRAGMA foreign_key_check').all();
  if (orphans.length > 0) throw new Error(`generate-store: ${orphans.length} rows break a foreign key, first ${JSON.stringify(orphans[0])}`);
  db.pragma('foreign_keys = ON');
  const auditEvents = db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  const result: GeneratedStore = {
    dataDir: dir,
    dbPath: path.join(dir, 'mailscreen.sqlite'),
    imageStore: path.join(dir, 'xray-images'),
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
  writeFileSync(doneFile, JSON.stringify(result, null, 2));
  return result;
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? process.env.BENCH_ITEMS ?? 1_000_000);
  const result = await generatedStore(n);
  process.stdout.write(`${JSON.stringify({ ...result, samples: undefined })}\n`);
}
