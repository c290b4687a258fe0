import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { IncidentRepository } from '../../src/main/store/incidents.ts';
import { itemRecordRepositories } from '../../src/main/store/index.ts';
import { RecordsService, purge } from '../../src/main/records/index.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import type { Item, ItemState } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

const OLD = '2024-01-10T10:00:00.000Z';
const RECENT = '2026-03-01T10:00:00.000Z';
const NOW = new Date('2026-03-10T00:00:00.000Z');

let dir: string;
let dbPath: string;
let imageStore: string;
let store: Store;
let records: RecordsService;

function addItem(state: ItemState, at = OLD): string {
  const custodyId = newCustodyId((n) => new Uint8Array(randomBytes(n)));
  const item: Item = { custodyId, trackingNumber: null, carrier: null, scannedCode: custodyId, symbology: null, state, mode: 'live', receivedAt: at, updatedAt: at, receivedBy: 'operator:t', itemType: 'parcel', incidentNumber: null };
  store.transaction(() => {
    store.items.insert({ item, matchKey: custodyId });
    store.items.setDetails(custodyId, { itemType: 'parcel', recipient: 'Dana Example', sender: null, dimensions: null }, at);
    store.audit.append(uncatalogued({ actor: 'operator:t', kind: 'item.received', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { recipient: 'Dana Example' } }));
  });
  return custodyId;
}

function addImage(custodyId: string, content: string): string {
  const bytes = Buffer.from(content);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(imageStore, `${sha}.png`);
  writeFileSync(file, bytes, { mode: 0o600 });
  const scans = itemRecordRepositories(store.db);
  const ref = `SCAN-${randomBytes(4).toString('hex')}`;
  store.transaction(() => {
    scans.xray_scans.add(custodyId, { deviceId: 'x', scanRef: ref, requestedBy: 't', requestedAt: OLD });
    scans.xray_scans.attachImage(ref, sha, file);
    scans.weighings.add(custodyId, { grams: 10, source: 'manual', reading: null, manualReason: 'test', operatorId: 't', at: OLD });
  });
  return file;
}

function addIncident(custodyId: string, closedAt: string | null): { id: number; number: string } {
  const incidents = new IncidentRepository(store.db);
  return store.transaction(() => {
    const number = incidents.nextNumber('live', 2024);
    const id = incidents.insert({ number, custodyId, type: 'suspiciousSubstance', mode: 'live', reason: 'test', protocol: {}, openedBy: 't', openedAt: OLD });
    store.items.setIncident(custodyId, id);
    incidents.addEntry(id, 'person', { name: 'Someone' }, 't', OLD);
    if (closedAt) store.db.prepare('UPDATE incidents SET closed_at = ?, closed_by = ? WHERE id = ?').run(closedAt, 't', id);
    return { id, number };
  });
}

const exists = (custodyId: string) => store.items.exists(custodyId);
const auditKinds = () => [...store.audit.events()].map((e) => e.kind);

beforeEach(() => {
  dir = tempDir();
  dbPath = path.join(dir, 'mailscreen.sqlite');
  imageStore = path.join(dir, 'xray-images');
  mkdirSync(imageStore, { mode: 0o700 });
  store = Store.open(dbPath);
  records = new RecordsService({ store, imageStore, mode: 'live', now: () => NOW });
});
afterEach(() => store.close());

describe('retention and purge', () => {
  it('keeps everything until the site sets a policy', () => {
    addItem('DELIVERED');
    const report = purge(store, { by: 'cli:test', imageStore, dryRun: false, now: NOW });
    expect(report).toMatchObject({ items: 0, incidents: 0, images: 0, auditSeqs: [] });
  });

  it('purges what is past retention, never what is open, on hold or linked to an open or held incident', () => {
    const delivered = addItem('DELIVERED');
    const deliveredImage = addImage(delivered, 'image of delivered');
    const held = addItem('DELIVERED');
    const heldImage = addImage(held, 'shared image content');
    const sharing = addItem('RETURNED');
    addImage(sharing, 'shared image content');
    const quarantined = addItem('QUARANTINED');
    const openIncident = addIncident(quarantined, null);
    const released = addItem('RELEASED');
    const closedIncident = addIncident(released, '2024-02-01T00:00:00.000Z');
    const releasedHeld = addItem('HANDED_OVER');
    const heldIncident = addIncident(releasedHeld, '2024-02-01T00:00:00.000Z');
    const stillHandled = addItem('CLEARED');
    const recent = addItem('DELIVERED', RECENT);

    records.retentionPolicy({ action: 'set', policy: { items: 365, incidents: 365 } }, 'operator:admin');
    records.legalHold({ action: 'place', subject: { type: 'item', custodyId: held }, reason: 'subpoena 42' }, 'operator:coord');
    records.legalHold({ action: 'place', subject: { type: 'incident', incidentId: heldIncident.id }, reason: 'prosecution pending' }, 'operator:coord');
    const eventsBefore = auditKinds().length;

    const preview = records.purgePreview('operator:admin');
    expect(preview).toMatchObject({ items: 3, incidents: 1 });
    expect(new Set(preview.sample.custodyIds)).toEqual(new Set([delivered, sharing, released]));
    expect(auditKinds().length).toBe(eventsBefore);
    expect(exists(delivered)).toBe(true);

    const report = records.purge('cli:tester', false);
    expect(report).toMatchObject({ items: 3, incidents: 1, dryRun: false });
    for (const gone of [delivered, sharing, released]) expect(exists(gone)).toBe(false);
    for (const kept of [held, quarantined, releasedHeld, stillHandled, recent]) expect(exists(kept)).toBe(true);
    expect(store.db.prepare('SELECT count(*) FROM incidents WHERE id = ?').pluck().get(closedIncident.id)).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM incidents WHERE id IN (?, ?)').pluck().get(openIncident.id, heldIncident.id)).toBe(2);
    expect(store.db.prepare('SELECT count(*) FROM incident_entries WHERE incident_id = ?').pluck().get(closedIncident.id)).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM weighings WHERE custody_id = ?').pluck().get(delivered)).toBe(0);
    // The image only the purged item named is gone; the one a held item shares stays.
    expect(existsSync(deliveredImage)).toBe(false);
    expect(existsSync(heldImage)).toBe(true);

    const purged = [...store.audit.events()].filter((e) => e.kind === 'records.purged');
    expect(purged).toHaveLength(1);
    expect(purged[0]!.actor).toBe('cli:tester');
    expect(purged[0]!.payload).toMatchObject({ items: { count: 3 }, incidents: { count: 1, numbers: [closedIncident.number] }, auditEventsKept: true });
    expect(new Set((purged[0]!.payload.items as { custodyIds: string[] }).custodyIds)).toEqual(new Set([delivered, sharing, released]));
    // The audit log keeps every event, so the chain still verifies from genesis.
    expect(store.audit.verify()).toMatchObject({ ok: true, events: eventsBefore + 1 });

    // Released, the hold no longer protects.
    const hold = records.legalHold({ action: 'list' }, 'x').holds.find((h) => h.subjectId === held)!;
    records.legalHold({ action: 'release', holdId: hold.id, reason: 'case closed' }, 'operator:coord');
    expect(records.purge('cli:tester', false).items).toBe(1);
    expect(exists(held)).toBe(false);
    expect(existsSync(heldImage)).toBe(false);
    expect(store.audit.verify().ok).toBe(true);
  });

  it('purges images alone after their own retention, keeping the scan record and its fingerprint', () => {
    const delivered = addItem('DELIVERED');
    const file = addImage(delivered, 'just the picture');
    const quarantined = addItem('QUARANTINED');
    const keptFile = addImage(quarantined, 'evidence picture');
    addIncident(quarantined, null);
    records.retentionPolicy({ action: 'set', policy: { images: 30 } }, 'operator:admin');
    const report = records.purge('cli:tester', false);
    expect(report).toMatchObject({ items: 0, images: 1, filesRemoved: 1 });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(keptFile)).toBe(true);
    const scan = store.db.prepare('SELECT image_file, image_sha256 FROM xray_scans WHERE custody_id = ?').get(delivered) as { image_file: string | null; image_sha256: string };
    expect(scan.image_file).toBeNull();
    expect(scan.image_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(exists(delivered)).toBe(true);
    expect(store.audit.verify().ok).toBe(true);
  });

  it('legal holds are kept: never deleted, released once, and each change is audited', () => {
    const id = addItem('DELIVERED');
    const [hold] = records.legalHold({ action: 'place', subject: { type: 'item', custodyId: id }, reason: 'litigation' }, 'operator:c').holds;
    expect(() => store.db.prepare('DELETE FROM legal_holds').run()).toThrow(/kept/);
    expect(() => store.db.prepare("UPDATE legal_holds SET reason = 'x'").run()).toThrow(/fixed/);
    records.legalHold({ action: 'release', holdId: hold!.id, reason: 'done' }, 'operator:c');
    expect(() => records.legalHold({ action: 'release', holdId: hold!.id, reason: 'again' }, 'operator:c')).toThrow(/already released/);
    expect(auditKinds()).toEqual(expect.arrayContaining(['records.holdPlaced', 'records.holdReleased']));
    expect(() => records.legalHold({ action: 'place', subject: { type: 'incident', incidentId: 999 }, reason: 'nope' }, 'operator:c')).toThrow(/no incident/);
  });

  it('the purge CLI prints JSON lines, dry run changes nothing, and verify passes after a purge', () => {
    const a = addItem('DELIVERED');
    const b = addItem('DELIVERED');
    records.retentionPolicy({ action: 'set', policy: { items: 0 } }, 'operator:admin');
    store.close();
    const dry = runCli(['purge', '--db', dbPath, '--dry-run']);
    expect(dry.status).toBe(0);
    const dryLines = dry.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(dryLines.at(-1)).toMatchObject({ summary: true, dryRun: true, items: 2 });
    expect(dryLines[0]).toMatchObject({ batch: true, dryRun: true, recordClass: 'items' });
    const real = runCli(['purge', '--db', dbPath]);
    expect(real.status, real.stderr).toBe(0);
    const summary = JSON.parse(real.stdout.trim().split('\n').at(-1)!) as { items: number; by: string; auditSeqs: number[] };
    expect(summary.items).toBe(2);
    expect(summary.by).toMatch(/^cli:/);
    const verify = runCli(['verify', '--db', dbPath]);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    store = Store.open(dbPath);
    expect(exists(a) || exists(b)).toBe(false);
  });
});
