// verify on a database made by a real station doing real work, then tampered with plain SQL the
// way someone with write access to the data folder could: every case below is caught (issue 10,
// point 9), and the untouched copy passes.
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult, IncidentView } from '../../src/shared/contract/index.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { Store, verifyStore, type StoreVerdict } from '../../src/main/store/index.ts';
import { RecordsService } from '../../src/main/records/index.ts';
import { buildScenario, CORA, REPORT_DATE, ZOE, type Scenario } from '../fixtures/reports/scenario.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

let s: Scenario;
let suspectId: string;
let holdId: number;
const work = tempDir('mailscreen-verify-');
const anchors = { backup: '', exportFile: '', pdf: '' };
let head: { seq: number; hash: string };

async function extraWork(scenario: Scenario): Promise<void> {
  const zoe = scenario.station.connect();
  const cora = scenario.station.connect();
  const must = (r: CommandResult<unknown>, what: string) => {
    if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  must(await zoe.call('session.login', { badge: ZOE.badge, pin: ZOE.pin }), 'login zoe');
  must(await cora.call('session.login', { badge: CORA.badge, pin: CORA.pin }), 'login cora');
  const scanned = must(await zoe.call('intake.scan', { code: '420902109400111206206406260794' }), 'scan') as { item: { custodyId: string } };
  suspectId = scanned.item.custodyId;
  const opened = must(await zoe.call('item.markSuspect', { custodyId: suspectId, incidentType: 'threatLetter', reason: 'Threatening words on the envelope', indicators: [] }), 'suspect') as { incident: IncidentView };
  expect(opened.incident.number).toMatch(/^INC-/);
  const placed = must(await cora.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: scenario.letterId }, reason: 'Subpoena 2026-17' }), 'hold') as { holds: Array<{ id: number }> };
  holdId = placed.holds[0]!.id;
  const second = must(await cora.call('records.legalHold', { action: 'place', subject: { type: 'incident', incidentId: scenario.incidentId }, reason: 'Insurance claim' }), 'hold 2') as { holds: Array<{ id: number }> };
  must(await cora.call('records.legalHold', { action: 'release', holdId: second.holds[0]!.id, reason: 'Claim settled' }), 'release');
}

beforeAll(async () => {
  s = await buildScenario();
  await extraWork(s);
  s.station.close();
  // The outside anchors, made as a site would: a backup, an audit export and a printed report.
  const backups = path.join(work, 'backups');
  expect(runCli(['backup', '--db', s.dbPath, '--to', backups]).status).toBe(0);
  anchors.backup = path.join(backups, readdirSync(backups)[0]!);
  anchors.exportFile = path.join(work, 'export.jsonl');
  const exported = runCli(['export', '--db', s.dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', anchors.exportFile]);
  expect(exported.status, exported.stderr).toBe(0);
  anchors.pdf = path.join(work, 'custody.pdf');
  const report = runCli(['report', 'custody', '--db', s.dbPath, '--item', s.custodyId, '--out', anchors.pdf]);
  expect(report.status, report.stderr).toBe(0);
  const db = new Database(s.dbPath, { readonly: true });
  head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  db.close();
}, 120_000);

let copies = 0;
/** A copy of the station's database with `sql` run on it, as someone with write access could. */
function tampered(sql: string | ((db: Database.Database) => void) = ''): string {
  copies += 1;
  const file = path.join(work, `copy-${copies}.sqlite`);
  copyFileSync(s.dbPath, file);
  const db = new Database(file);
  // Whoever edits the file by hand is not bound by the station's foreign keys or triggers.
  db.pragma('foreign_keys = OFF');
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; DROP TRIGGER IF EXISTS legal_holds_placement_fixed; DROP TRIGGER IF EXISTS legal_holds_release_once; DROP TRIGGER IF EXISTS legal_holds_no_delete;');
  if (typeof sql === 'string') db.exec(sql);
  else sql(db);
  db.close();
  return file;
}

function verify(file: string, ...extra: string[]): { status: number | null; verdict: StoreVerdict; stderr: string } {
  const result = runCli(['verify', '--db', file, ...extra]);
  return { status: result.status, verdict: (result.stdout ? JSON.parse(result.stdout) : null) as StoreVerdict, stderr: result.stderr };
}

describe('verify on an untouched station database', { timeout: 120_000 }, () => {
  it('passes, with its genesis event, with and without every outside anchor', () => {
    const file = tampered();
    const plain = verify(file);
    expect(plain.status, JSON.stringify(plain.verdict)).toBe(0);
    expect(plain.verdict).toMatchObject({ ok: true, firstBadSeq: null, genesis: true, chainHead: head, problems: [] });
    expect(verify(file, '--head', `${head.seq}:${head.hash}`).status).toBe(0);
    for (const anchor of [anchors.backup, path.join(anchors.backup, 'manifest.json'), anchors.exportFile, anchors.pdf]) {
      const checked = verify(file, '--against', anchor);
      expect(checked.status, `${anchor}: ${JSON.stringify(checked.verdict)} ${checked.stderr}`).toBe(0);
      expect(checked.verdict.anchor).toMatchObject({ ok: true });
    }
  });
});

/** Rewrites event `seq` with `edit`, then recomputes its hash and every later one: a consistent chain. */
function rewriteFrom(seq: number, edit: (row: Record<string, unknown>) => void) {
  return (db: Database.Database) => {
    const rows = db.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(seq) as Array<Record<string, unknown>>;
    let prev = rows[0]!.prev_hash as string;
    const update = db.prepare('UPDATE audit_events SET at = ?, actor = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const row of rows) {
      if (row.seq === seq) edit(row);
      const body = {
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        station: row.station,
        kind: row.kind,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        mode: row.mode,
        payload: JSON.parse(row.payload as string) as Record<string, unknown>,
      };
      const hash = auditHash(prev, body as never);
      update.run(row.at, row.actor, row.payload, prev, hash, row.seq);
      prev = hash;
    }
  };
}

const headArg = () => ['--head', `${head.seq}:${head.hash}`];

describe('verify after the station itself removed records', { timeout: 120_000 }, () => {
  it('a purge past retention: the purged item, its incident, steps, entries and transfers are gone, and verify still passes', () => {
    const file = tampered();
    const store = Store.open(file);
    try {
      const records = new RecordsService({ store, imageStore: null, mode: 'live' });
      records.retentionPolicy({ action: 'set', policy: { items: 0, incidents: 0 } }, 'cli:test');
      const purged = records.purge('cli:test', false);
      expect(purged.items).toBeGreaterThan(0);
      expect(purged.incidents).toBeGreaterThan(0);
      expect(store.items.exists(s.custodyId)).toBe(false);
    } finally {
      store.close();
    }
    const checked = verify(file);
    expect(checked.status, JSON.stringify(checked.verdict)).toBe(0);
    expect(checked.verdict.problems).toEqual([]);
  });
});

describe('verify against another station\'s anchor', { timeout: 120_000 }, () => {
  it('says the export or backup is from another station, and fails', () => {
    const other = path.join(work, 'other-station.sqlite');
    Store.open(other).close();
    for (const anchor of [anchors.exportFile, anchors.backup]) {
      const checked = verify(other, '--against', anchor);
      expect(checked.status, anchor).toBe(1);
      expect(checked.verdict.problems.join(' ')).toMatch(/was made at station ST-[0-9A-F]{8}, but this database is station ST-[0-9A-F]{8}: it cannot anchor this database/);
    }
  });
});

describe('verify catches a log cut short', { timeout: 120_000 }, () => {
  for (const n of [1, 5]) {
    it(`the last ${n} event(s) removed: fails against the original head`, () => {
      const file = tampered(`DELETE FROM audit_events WHERE seq > ${head.seq - n}`);
      const checked = verify(file, ...headArg());
      expect(checked.status).toBe(1);
      expect(checked.verdict).toMatchObject({ ok: false, anchor: { seq: head.seq, ok: false } });
      expect(checked.verdict.problems.join(' ')).toMatch(new RegExp(`ends at event ${head.seq - n}, before event ${head.seq}`));
    });
  }

  it('all but one event removed: fails against the head, and on its own (the state rows are unexplained)', () => {
    const file = tampered('DELETE FROM audit_events WHERE seq > 1');
    expect(verify(file, ...headArg())).toMatchObject({ status: 1, verdict: { ok: false, anchor: { ok: false } } });
    const alone = verify(file);
    expect(alone.status).toBe(1);
    expect(alone.verdict.problems).toContainEqual(expect.objectContaining({ table: 'items', key: suspectId, problem: 'row not explained by any audit event' }));
  });

  it('every event deleted: fails even without a head ("no genesis event")', () => {
    const file = tampered('DELETE FROM audit_events');
    const alone = verify(file);
    expect(alone.status).toBe(1);
    expect(alone.verdict).toMatchObject({ events: 0, ok: false });
    expect(alone.verdict.problems[0]).toMatch(/no genesis event/);
  });

  it('every event and every state row deleted: still fails ("no genesis event")', () => {
    const file = tampered('DELETE FROM audit_events; PRAGMA foreign_keys = OFF; DELETE FROM custody_transfers; DELETE FROM incident_steps; DELETE FROM incident_entries; DELETE FROM weighings; DELETE FROM step_skips; DELETE FROM inspections; DELETE FROM xray_scans; DELETE FROM legal_holds; DELETE FROM incidents; DELETE FROM items; DELETE FROM training_records; DELETE FROM operators;');
    expect(verify(file)).toMatchObject({ status: 1, verdict: { ok: false, events: 0 } });
  });
});

describe('verify catches a rewritten log (every later hash recomputed) against an outside head', { timeout: 120_000 }, () => {
  // A login's time moved: nothing in the state tables depends on it, so only an anchor can tell.
  const file = () => tampered(rewriteFrom(5, (row) => (row.at = '2026-03-14T03:00:00.000Z')));

  it('alone it cannot tell (said in verify --help)', () => {
    expect(verify(file()).status).toBe(0);
  });

  it('fails with --head', () => {
    const checked = verify(file(), ...headArg());
    expect(checked.status).toBe(1);
    expect(checked.verdict.problems.join(' ')).toMatch(new RegExp(`event ${head.seq} has hash [0-9a-f]{64}, but --head says ${head.hash}`));
  });

  for (const [name, anchor] of [
    ['an audit export', () => anchors.exportFile],
    ['a backup folder', () => anchors.backup],
    ['a report PDF', () => anchors.pdf],
  ] as const) {
    it(`fails --against ${name}`, () => {
      const checked = verify(file(), '--against', anchor());
      expect(checked.status, checked.stderr).toBe(1);
      expect(checked.verdict).toMatchObject({ ok: false, anchor: { ok: false, source: path.basename(anchor()) } });
    });
  }
});

describe('verify catches state rows edited behind the station\'s back', { timeout: 120_000 }, () => {
  function problemsOf(sql: string) {
    const checked = verify(tampered(sql));
    expect(checked.status).toBe(1);
    expect(checked.verdict.ok).toBe(false);
    return checked.verdict.problems;
  }

  it('items.state SUSPECT -> CLEARED without an event', () => {
    expect(problemsOf(`UPDATE items SET state = 'CLEARED' WHERE custody_id = '${suspectId}'`)).toEqual([
      { table: 'items', key: suspectId, column: 'state', expected: 'SUSPECT', found: 'CLEARED', problem: 'differs from its audit events' },
    ]);
  });

  it('an item row deleted', () => {
    expect(problemsOf(`DELETE FROM items WHERE custody_id = '${s.parcelId}'`)).toEqual([{ table: 'items', key: s.parcelId, problem: 'row missing: its audit events say it exists' }]);
  });

  it('an item row added', () => {
    expect(problemsOf(`INSERT INTO items (custody_id, scanned_code, match_key, state, mode, received_at, updated_at, received_by) VALUES ('ZZZ-ZZZ-ZZZ', 'X', 'X', 'CLEARED', 'live', '2026-03-14T10:00:00.000Z', '2026-03-14T10:00:00.000Z', 'operator:x')`)).toEqual([
      { table: 'items', key: 'ZZZ-ZZZ-ZZZ', problem: 'row not explained by any audit event' },
    ]);
  });

  it('operators.role screener -> admin', () => {
    expect(problemsOf(`UPDATE operators SET role = 'admin' WHERE badge = '${ZOE.badge}'`)).toEqual([
      expect.objectContaining({ table: 'operators', column: 'role', expected: 'screener', found: 'admin' }),
    ]);
  });

  it("an admin's PIN replaced by one the forger knows (another operator's salt and hash)", () => {
    const problems = problemsOf(
      `UPDATE operators SET (pin_salt, pin_hash) = (SELECT pin_salt, pin_hash FROM operators WHERE badge = '${ZOE.badge}') WHERE role = 'admin'`,
    );
    expect(problems).toEqual([expect.objectContaining({ table: 'operators', column: 'pin_record', problem: 'differs from its audit events' })]);
  });

  it('an incident: outcome changed, and reopened', () => {
    const problems = problemsOf(`UPDATE incidents SET outcome = 'benign', closed_at = NULL WHERE id = ${s.incidentId}`);
    expect(problems).toEqual([
      expect.objectContaining({ table: 'incidents', column: 'outcome', expected: 'hoax', found: 'benign' }),
      expect.objectContaining({ table: 'incidents', column: 'closed', expected: 'true', found: 'false' }),
    ]);
  });

  it('a protocol step acknowledged by someone else, and a witness statement reworded', () => {
    const problems = problemsOf(`UPDATE incident_steps SET acknowledged_by = (SELECT id FROM operators WHERE badge = '${CORA.badge}') WHERE incident_id = ${s.incidentId} AND step_id = (SELECT min(step_id) FROM incident_steps WHERE incident_id = ${s.incidentId});
      UPDATE incident_entries SET data = json_set(data, '$.statement', 'I saw nothing.') WHERE incident_id = ${s.incidentId} AND kind = 'witness'`);
    expect(problems).toEqual([
      expect.objectContaining({ table: 'incident_steps', column: 'acknowledged_by' }),
      expect.objectContaining({ table: 'incident_entries', key: expect.stringMatching(/^INC-\d{4}-\d{4}\/witness\/1 \(row id \d+\)$/), column: 'data' }),
    ]);
  });

  it('a custody transfer: received by someone else', () => {
    const problems = problemsOf(`UPDATE custody_transfers SET received_by = json_set(received_by, '$.name', 'Mallory') WHERE custody_id = '${s.custodyId}' AND kind = 'handOver'`);
    expect(problems).toEqual([expect.objectContaining({ table: 'custody_transfers', key: expect.stringMatching(new RegExp(`^${s.custodyId}/2 \\(row id \\d+\\)$`)), column: 'received_by' })]);
  });

  it('a custody transfer deleted', () => {
    expect(problemsOf(`DELETE FROM custody_transfers WHERE custody_id = '${s.custodyId}' AND kind = 'handOver'`)).toEqual([
      { table: 'custody_transfers', key: `${s.custodyId}/2`, problem: 'row missing: its audit events say it exists' },
    ]);
  });

  it('a legal hold released without an event', () => {
    expect(problemsOf(`UPDATE legal_holds SET released_at = '2026-03-14T12:00:00.000Z', released_by = 'operator:x', release_reason = 'gone' WHERE id = ${holdId}`)).toEqual([
      expect.objectContaining({ table: 'legal_holds', key: String(holdId), column: 'released_by' }),
      expect.objectContaining({ table: 'legal_holds', key: String(holdId), column: 'release_reason' }),
      expect.objectContaining({ table: 'legal_holds', key: String(holdId), column: 'released', expected: 'false', found: 'true' }),
    ]);
  });

  it('the site policy written behind the station: risk level lowered (X-ray no longer mandatory), site renamed, retention shortened', () => {
    const problems = problemsOf(`INSERT INTO site_settings (key, value) VALUES ('riskLevel', '"low"');
      UPDATE site_settings SET value = '"Elsewhere"' WHERE key = 'siteName';
      INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES ('items', 0, 'operator:x', '2026-03-14T12:00:00.000Z')`);
    expect(problems).toEqual([
      expect.objectContaining({ table: 'site_settings', key: 'siteName', column: 'value', found: '"Elsewhere"' }),
      { table: 'site_settings', key: 'riskLevel', problem: 'row not explained by any audit event' },
      { table: 'retention_policy', key: 'items', problem: 'row not explained by any audit event' },
    ]);
  });

  it('a legal hold deleted', () => {
    expect(problemsOf(`DELETE FROM legal_holds WHERE id = ${holdId}`)).toEqual([{ table: 'legal_holds', key: String(holdId), problem: 'row missing: its audit events say it exists' }]);
  });
});

describe('verify catches any single cell edited in a replayed column (property)', { timeout: 300_000 }, () => {
  // The columns verify --help promises to check, with values a STRICT table and its CHECKs accept.
  const COLUMNS: Record<string, { key: string; columns: string[] }> = {
    items: { key: 'custody_id', columns: ['tracking_number', 'carrier', 'scanned_code', 'match_key', 'symbology', 'state', 'mode', 'received_by', 'item_type', 'recipient', 'sender', 'dimensions', 'incident_id', 'screened', 'disposition'] },
    operators: { key: 'id', columns: ['badge', 'name', 'role', 'pin_salt', 'pin_hash'] },
    incidents: { key: 'id', columns: ['custody_id', 'type', 'mode', 'reason', 'protocol', 'details', 'outcome', 'lab_reference', 'corrective_actions', 'opened_by', 'closed_by', 'closed_second_by', 'closed_at'] },
    incident_steps: { key: 'rowid', columns: ['incident_id', 'step_id', 'acknowledged_by', 'second_by', 'note'] },
    incident_entries: { key: 'id', columns: ['incident_id', 'kind', 'data', 'recorded_by'] },
    custody_transfers: { key: 'id', columns: ['incident_id', 'kind', 'released_by', 'received_by', 'reason', 'seal_numbers', 'seal_intact', 'location', 'second_by', 'recorded_by'] },
    site_settings: { key: 'key', columns: ['value'] },
    legal_holds: { key: 'id', columns: ['subject_type', 'subject_id', 'reason', 'placed_by', 'released_by', 'release_reason', 'released_at'] },
  };
  const CHOICES: Record<string, readonly string[]> = {
    state: ['RECEIVED', 'CLEARED', 'SUSPECT', 'DELIVERED'],
    mode: ['live', 'demo', 'drill'],
    role: ['screener', 'coordinator', 'admin'],
    kind: ['quarantine', 'transfer', 'handOver', 'release', 'destroy', 'person', 'notification', 'witness', 'responder'],
    subject_type: ['item', 'incident'],
  };

  /** A value unlike the current one that the column accepts. */
  function another(column: string, current: unknown, pick: number): unknown {
    const choices = CHOICES[column];
    if (choices) return choices.filter((c) => c !== current)[pick % (choices.length - 1)];
    if (column === 'seal_intact') return current === 1 ? 0 : 1;
    if (column === 'incident_id') return current === 1 ? 2 : 1;
    // Only whether an incident is closed or a hold released is replayed, not when (verify --help).
    if (column === 'closed_at' || column === 'released_at') return current === null ? '2026-03-14T12:00:00.000Z' : null;
    if (current === null) return 'tampered';
    if (typeof current === 'string' && /^[[{]/.test(current)) {
      // JSON stays JSON: one value inside it changes, as a careful forger would do it.
      return JSON.stringify({ ...(JSON.parse(current) as object), forged: pick });
    }
    return `${String(current)}·`;
  }

  it('every edit fails verify, naming the table and the row', () => {
    // An in-memory image per run: WAL (the station's mode) needs a file, so the copy leaves it.
    const source = new Database(tampered((db) => db.pragma('journal_mode = DELETE')));
    const image = source.serialize();
    const rows = Object.fromEntries(
      Object.entries(COLUMNS).map(([table, { key, columns }]) => [table, source.prepare(`SELECT ${key} AS key, ${columns.join(', ')} FROM ${table}`).all() as Array<Record<string, unknown>>]),
    );
    source.close();
    const cells = Object.entries(COLUMNS).flatMap(([table, { columns }]) => rows[table]!.flatMap((row) => columns.map((column) => ({ table, key: row.key, column, current: row[column] }))));
    fc.assert(
      fc.property(fc.constantFrom(...cells), fc.nat(), (cell, pick) => {
        const value = another(cell.column, cell.current, pick);
        fc.pre(value !== cell.current);
        const db = new Database(image);
        try {
          db.pragma('foreign_keys = OFF');
          db.exec('DROP TRIGGER IF EXISTS legal_holds_placement_fixed; DROP TRIGGER IF EXISTS legal_holds_release_once;');
          let applied = true;
          try {
            db.prepare(`UPDATE ${cell.table} SET ${cell.column} = ? WHERE ${COLUMNS[cell.table]!.key} = ?`).run(value as string | number | null, cell.key as string | number);
          } catch (error) {
            // The edit would collide with a unique key (a step moved onto one its incident has): not a case.
            if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
            applied = false;
          }
          fc.pre(applied);
          const verdict = verifyStore(db);
          expect(verdict.ok, `${cell.table}.${cell.column} of ${String(cell.key)}: ${String(cell.current).slice(0, 80)} -> ${String(value).slice(0, 80)}`).toBe(false);
          expect(verdict.problems).toContainEqual(expect.objectContaining({ table: cell.table }));
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
