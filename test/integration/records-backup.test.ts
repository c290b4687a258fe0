import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { itemRecordRepositories } from '../../src/main/store/index.ts';
import { backup, BackupScheduler, lastBackupAt, type BackupManifest, type BackupResult } from '../../src/main/records/index.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import { tempDir } from '../helpers/station.ts';
import { runCli } from '../helpers/cli.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

const mode = (p: string) => statSync(p).mode & 0o777;
let store: Store | undefined;
afterEach(() => store?.close());

/** A data folder laid out as startStation makes it: the database and the content-addressed image store. */
function dataFolder(images = 3): { dataDir: string; dbPath: string; imageStore: string } {
  const dataDir = tempDir('mailscreen-data-');
  const dbPath = path.join(dataDir, 'mailscreen.sqlite');
  const imageStore = path.join(dataDir, 'xray-images');
  mkdirSync(imageStore, { mode: 0o700 });
  store = Store.open(dbPath);
  const scans = itemRecordRepositories(store.db);
  for (let i = 0; i < images; i += 1) {
    const custodyId = newCustodyId((n) => new Uint8Array(randomBytes(n)));
    const at = new Date().toISOString();
    const bytes = randomBytes(2048);
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(path.join(imageStore, `${sha}.png`), bytes, { mode: 0o600 });
    store.transaction(() => {
      store!.items.insert({ item: { custodyId, trackingNumber: null, carrier: null, scannedCode: `C${i}`, symbology: null, state: 'RECEIVED', mode: 'live', receivedAt: at, updatedAt: at, receivedBy: 'operator:t', itemType: null, incidentNumber: null }, matchKey: `C${i}` });
      store!.audit.append(uncatalogued({ actor: 'operator:t', kind: 'item.received', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { i } }));
      scans.xray_scans.add(custodyId, { deviceId: 'x', scanRef: `S${i}`, requestedBy: 't', requestedAt: at });
      scans.xray_scans.attachImage(`S${i}`, sha, path.join(imageStore, `${sha}.png`));
      // No state without its record: verify replays the scans from these.
      store!.audit.append(uncatalogued({ actor: 'operator:t', kind: 'xray.scanRequested', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { scanRef: `S${i}`, deviceId: 'x' } }));
      store!.audit.append({ actor: 'station', kind: 'xray.imageCaptured', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { scanRef: `S${i}`, sha256: sha, file: path.join(imageStore, `${sha}.png`) } });
    });
  }
  return { dataDir, dbPath, imageStore };
}

describe('backup and restore', () => {
  it('CLI backup -> restore -> verify: same events, same head, images verified, all owner-only', () => {
    const { dbPath } = dataFolder(3);
    store!.close();
    const backups = path.join(tempDir('mailscreen-backups-'), 'backups');
    const made = runCli(['backup', '--db', dbPath, '--to', backups, '--verify-chain']);
    expect(made.status, made.stderr).toBe(0);
    const result = JSON.parse(made.stdout) as { folder: string; ok: boolean; counts: BackupManifest['counts']; chainHead: { seq: number; hash: string }; createdBy: string };
    // The store's genesis event, and for each of three items its receipt, scan request and image.
    expect(result).toMatchObject({ ok: true, counts: { items: 3, auditEvents: 10, images: 3 } });
    expect(result.createdBy).toMatch(/^cli:/);

    // Owner-only everywhere: the backups folder, the backup, its images and every file in it.
    expect(mode(backups)).toBe(0o700);
    expect(mode(result.folder)).toBe(0o700);
    expect(mode(path.join(result.folder, 'xray-images'))).toBe(0o700);
    for (const f of ['mailscreen.sqlite', 'manifest.json']) expect(mode(path.join(result.folder, f))).toBe(0o600);
    for (const f of readdirSync(path.join(result.folder, 'xray-images'))) expect(mode(path.join(result.folder, 'xray-images', f))).toBe(0o600);
    expect(readdirSync(result.folder).sort()).toEqual(['mailscreen.sqlite', 'manifest.json', 'xray-images']);

    // The backup is an audit event in the live store, after the copy's head.
    store = Store.open(dbPath);
    const events = [...store.audit.events()];
    expect(events.at(-1)).toMatchObject({ kind: 'records.backedUp', seq: result.chainHead.seq + 1 });
    expect(events.at(-1)!.actor).toMatch(/^cli:/);
    store.close();

    const restoredDir = path.join(tempDir('mailscreen-restore-'), 'data');
    const restored = runCli(['restore', '--from', result.folder, '--to', restoredDir]);
    expect(restored.status, restored.stdout + restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, images: 3, imagePathsRelinked: 3, chainHead: result.chainHead });
    expect(mode(restoredDir)).toBe(0o700);
    expect(mode(path.join(restoredDir, 'mailscreen.sqlite'))).toBe(0o600);
    expect(mode(path.join(restoredDir, 'xray-images'))).toBe(0o700);

    const verify = runCli(['verify', '--db', path.join(restoredDir, 'mailscreen.sqlite')]);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ events: result.counts.auditEvents, ok: true, firstBadSeq: null, genesis: true, problems: [] });
    store = Store.open(path.join(restoredDir, 'mailscreen.sqlite'));
    const head = store.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    expect(head).toEqual(result.chainHead);
    // The scans now point at the restored images.
    for (const file of store.db.prepare('SELECT image_file FROM xray_scans').pluck().all() as string[]) expect(path.dirname(file)).toBe(path.join(restoredDir, 'xray-images'));

    // Only into an empty folder.
    const again = runCli(['restore', '--from', result.folder, '--to', restoredDir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('an image whose content no longer matches its SHA-256 name is reported, and the backup says not ok', async () => {
    const { imageStore } = dataFolder(2);
    const victim = readdirSync(imageStore)[0]!;
    writeFileSync(path.join(imageStore, victim), 'altered');
    const result = await backup({ store: store!, imageStore, to: tempDir(), by: 'operator:admin' });
    expect(result.ok).toBe(false);
    expect(result.manifest.imagesMismatched.map((m) => m.file)).toEqual([victim]);
    expect(result.manifest.images).toHaveLength(1);
  });

  it('a damaged backup database is refused by restore', async () => {
    const { imageStore } = dataFolder(1);
    const result = await backup({ store: store!, imageStore, to: tempDir(), by: 'operator:admin' });
    const file = path.join(result.folder, 'mailscreen.sqlite');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(file, bytes);
    const out = runCli(['restore', '--from', result.folder, '--to', path.join(tempDir(), 'data')]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/does not match its manifest/);
  });

  it('the scheduler backs up when due, counting from the newest backup in the folder, and keeps only `keep`', async () => {
    const { imageStore } = dataFolder(1);
    const folder = tempDir();
    let clock = new Date('2026-03-10T08:00:00.000Z');
    const runs: BackupResult[] = [];
    const scheduler = new BackupScheduler({
      schedule: { folder, everyHours: 24, keep: 2, verifyChain: false },
      now: () => clock,
      startDelayMs: 0,
      run: async () => {
        const r = await backup({ store: store!, imageStore, to: folder, by: 'scheduler', now: () => clock, keep: 2 });
        runs.push(r);
        return r;
      },
    });
    expect(await scheduler.dueInMs()).toBe(0);
    const [a, b] = await Promise.all([scheduler.runNow(), scheduler.runNow()]);
    expect(a).toBe(b);
    expect(await lastBackupAt(folder)).toEqual(clock);
    clock = new Date(clock.getTime() + 3_600_000);
    expect(await scheduler.dueInMs()).toBe(23 * 3_600_000);
    for (let i = 0; i < 2; i += 1) {
      clock = new Date(clock.getTime() + 25 * 3_600_000);
      await scheduler.runNow();
    }
    expect(runs).toHaveLength(3);
    expect(runs[2]!.pruned).toHaveLength(1);
    expect(readdirSync(folder)).toHaveLength(2);
    scheduler.start();
    scheduler.stop();
  });
});
