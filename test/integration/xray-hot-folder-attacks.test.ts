// Whoever can write a cabinet's hot folder can offer files, never make the station take what is
// not an image it can show: a symlink to a file outside (hot/x.png -> /etc/shadow was copied into
// the evidence store and tied to a scan), a FIFO, a 400 MB file, a .png that is not a PNG. Each is
// refused without being copied, reported on the cabinet's status and in the audit log, once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { link, mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HotFolderImageSource } from '../../src/hardware/devices/hotFolderImageSource.ts';
import type { HotFolderFile, HotFolderRefusal } from '../../src/hardware/devices/hotFolderImageSource.ts';
import { LineProtocolCabinet } from '../../src/hardware/devices/xrayLineProtocolCabinet.ts';
import type { XrayImage, XrayWarning } from '../../src/hardware/devices/xrayCabinet.ts';
import { DeviceManager, DevicesConfig } from '../../src/hardware/manager/index.ts';
import { XrayCabinetSimulator } from '../../src/hardware/simulators/xrayCabinetSimulator.ts';
import { xrayLikePng } from '../../src/hardware/simulators/xrayPng.ts';
import { wireDevices } from '../../src/main/core/deviceWiring.ts';
import { makeStation } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

const SECRET = 'TOPSECRET-shadow-4c1d';
const WAIT_MS = 20_000;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<{ root: string; folder: string; store: string; secret: string }> {
  const root = await mkdtemp(join(tmpdir(), 'mailscreen-hot-attack-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const folder = join(root, 'hot');
  await mkdir(folder);
  // Outside the folder: a real PNG (so only the link, not the format, can be why it is refused) with a secret in it.
  const secret = join(root, 'shadow.png');
  await writeFile(secret, Buffer.concat([xrayLikePng('secret'), Buffer.from(SECRET)]));
  return { root, folder, store: join(root, 'store'), secret };
}

async function watching(folder: string, store: string, maxBytes?: number) {
  const source = new HotFolderImageSource({ folder, imageStore: store, stableMs: 100, rescanMs: 100, ...(maxBytes ? { maxBytes: () => maxBytes } : {}) });
  const files: HotFolderFile[] = [];
  const refusals: HotFolderRefusal[] = [];
  const problems: string[] = [];
  source.on('file', (f) => files.push(f));
  source.on('refused', (r) => refusals.push(r));
  source.on('problem', (p) => problems.push(p.detail));
  cleanups.push(() => source.stop());
  await source.start();
  return { source, files, refusals, problems };
}

/** Everything in the image store, as bytes. */
function stored(store: string): Buffer[] {
  return existsSync(store) ? readdirSync(store).map((name) => readFileSync(join(store, name))) : [];
}

const noSecretIn = (store: string): boolean => stored(store).every((bytes) => !bytes.includes(SECRET));

describe('hot folder files the station must not take', () => {
  it('a symlink to a file outside is refused, never copied', async () => {
    const { folder, store, secret } = await scratch();
    const w = await watching(folder, store);
    await symlink(secret, join(folder, 'x.png'));
    const refusal = await waitFor('the refusal', () => w.refusals[0], WAIT_MS);
    expect(refusal).toMatchObject({ file: 'x.png', problem: 'symlink' });
    expect(refusal.detail).not.toContain(SECRET);
    expect(w.files).toEqual([]);
    expect(noSecretIn(store)).toBe(true);
    // Asked for by name (a cabinet's SCAN DONE), the same.
    expect(await w.source.ingest('x.png', WAIT_MS)).toMatchObject({ refused: { problem: 'symlink' } });
    expect(noSecretIn(store)).toBe(true);
  });

  it('a hard link to a file elsewhere is refused, never copied', async () => {
    const { folder, store, secret } = await scratch();
    const w = await watching(folder, store);
    await link(secret, join(folder, 'linked.png'));
    expect(await waitFor('the refusal', () => w.refusals[0], WAIT_MS)).toMatchObject({ file: 'linked.png', problem: 'hard-link' });
    expect(w.files).toEqual([]);
    expect(noSecretIn(store)).toBe(true);
  });

  it('is refused once, not again at every rescan; rewritten as a real image, it is taken', async () => {
    const { folder, store, secret } = await scratch();
    const w = await watching(folder, store);
    await symlink(secret, join(folder, 'y.png'));
    await waitFor('the refusal', () => w.refusals[0], WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 600)); // several rescans
    expect(w.refusals).toHaveLength(1);
    await rm(join(folder, 'y.png'));
    const png = xrayLikePng('real');
    await writeFile(join(folder, 'y.png'), png);
    const file = await waitFor('the real image', () => w.files[0], WAIT_MS);
    expect(file.sha256).toBe(createHash('sha256').update(png).digest('hex'));
  });

  it('a FIFO does not block: it is refused, and an image after it is still taken', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store);
    execFileSync('mkfifo', [join(folder, 'pipe.png')]);
    expect(await w.source.ingest('pipe.png', WAIT_MS)).toMatchObject({ refused: { problem: 'not-regular' } });
    await writeFile(join(folder, 'after.png'), xrayLikePng('after'));
    await waitFor('the image after the FIFO', () => w.files.find((f) => f.name === 'after.png'), WAIT_MS);
    expect(w.refusals.filter((r) => r.file === 'pipe.png').length).toBeGreaterThanOrEqual(1);
  });

  it('a 400 MB file is refused from its size alone, before any byte is copied', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store);
    // Sparse: 400 MB long, a PNG signature at the start, no disk used.
    const handle = await open(join(folder, 'huge.png'), 'w');
    await handle.write(xrayLikePng('huge'), 0);
    await handle.truncate(400 * 1024 * 1024);
    await handle.close();
    const refusal = await waitFor('the refusal', () => w.refusals[0], WAIT_MS);
    expect(refusal).toMatchObject({ file: 'huge.png', problem: 'too-big' });
    expect(refusal.reason).toMatch(/64 MB/);
    expect(w.files).toEqual([]);
    expect(stored(store)).toEqual([]);
  });

  it('the size cap is the one given (the site setting), read at each file', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store, 1024 * 1024);
    await writeFile(join(folder, 'big.png'), Buffer.concat([xrayLikePng('big'), Buffer.alloc(1024 * 1024)]));
    expect(await waitFor('the refusal', () => w.refusals[0], WAIT_MS)).toMatchObject({ problem: 'too-big' });
    expect(stored(store)).toEqual([]);
  });

  it('a .png that is not a PNG, a JPEG named .png, and a TIFF are refused by their bytes', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store);
    await writeFile(join(folder, 'text.png'), `root:x:0:0:${SECRET}\n`);
    await writeFile(join(folder, 'jpeg.png'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    await writeFile(join(folder, 'scan.tif'), Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]));
    await waitFor('three refusals', () => w.refusals.length >= 3 || undefined, WAIT_MS);
    const byFile = Object.fromEntries(w.refusals.map((r) => [r.file, r]));
    expect(byFile['text.png']).toMatchObject({ problem: 'format' });
    expect(byFile['text.png']!.reason).toMatch(/not an image the viewer can show/);
    expect(byFile['jpeg.png']!.reason).toMatch(/content is JPEG/);
    expect(byFile['scan.tif']!.reason).toMatch(/TIFF image, which the viewer cannot show/);
    expect(JSON.stringify(w.refusals)).not.toContain(SECRET);
    expect(w.files).toEqual([]);
    expect(stored(store)).toEqual([]);
  });

  it('a JPEG named .jpg is taken, stored under its own extension', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
    await writeFile(join(folder, 'scan.jpg'), jpeg);
    const file = await waitFor('the JPEG', () => w.files[0], WAIT_MS);
    expect(file.path.endsWith('.jpg')).toBe(true);
    expect(readFileSync(file.path).equals(jpeg)).toBe(true);
  });

  it('a file name with control characters is escaped in the refusal', async () => {
    const { folder, store } = await scratch();
    const w = await watching(folder, store);
    await writeFile(join(folder, 'a\u001b[2J\nb.png'), 'not an image');
    const refusal = await waitFor('the refusal', () => w.refusals[0], WAIT_MS);
    expect(refusal.file).toBe('a\\u001b[2J\\u000ab.png');
    // eslint-disable-next-line no-control-regex -- none may remain
    expect(refusal.detail).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('a cabinet whose SCAN DONE names a symlink', () => {
  it('never ties it to the scan: the scan ends without an image, nothing is copied', async () => {
    const { folder, store, secret } = await scratch();
    const sim = new XrayCabinetSimulator({ hotFolder: join(folder, 'unused'), exposureMs: 60_000 });
    await sim.start();
    cleanups.push(() => sim.stop());
    const cabinet = new LineProtocolCabinet(
      { id: 'xray-1', name: 'Cabinet', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port }, hotFolder: folder, heartbeatMs: 100, offlineAfterMs: 5000 },
      { imageStore: store, reconnect: { initialMs: 20, maxMs: 200 }, hotFolderStableMs: 60, hotFolderRescanMs: 100, claimGraceMs: 300 },
    );
    const images: XrayImage[] = [];
    const warnings: XrayWarning[] = [];
    cabinet.on('image', (i) => images.push(i));
    cabinet.on('warning', (w) => warnings.push(w));
    cleanups.push(() => cabinet.stop());
    cabinet.start();
    await waitFor('cabinet ready', () => cabinet.status.ready || undefined, WAIT_MS);
    expect(await cabinet.requestScan('MS-1')).toEqual({ accepted: true });
    await symlink(secret, join(folder, 'MS-1-1.png'));
    sim.sendRaw('SCAN DONE MS-1 MS-1-1.png');
    await waitFor('the scan ended', () => cabinet.pendingScanRef === null || undefined, WAIT_MS);
    await waitFor('the refusal', () => warnings.find((w) => w.kind === 'file-refused'), WAIT_MS);
    expect(warnings.find((w) => w.kind === 'image-error' && w.scanRef === 'MS-1')?.detail).toMatch(/MS-1-1\.png, which was refused: is a symbolic link/);
    expect(images).toEqual([]);
    expect(noSecretIn(store)).toBe(true);
  });
});

describe('the station', () => {
  it('shows a refused file on the cabinet status and records xray.fileRefused with the escaped name and the reason', async () => {
    const { folder, store, secret } = await scratch();
    const sim = new XrayCabinetSimulator({ hotFolder: folder });
    await sim.start();
    cleanups.push(() => sim.stop());
    const station = makeStation();
    cleanups.push(() => station.close());
    const config = DevicesConfig.parse({ xrayCabinets: [{ id: 'xray-1', name: 'Cabinet', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port }, hotFolder: folder }] });
    const manager = new DeviceManager(config, { imageStore: store, hotFolderMaxBytes: () => station.workflow.settings.read().hotFolderMaxMegabytes * 1024 * 1024 });
    wireDevices(station.deviceWiring, manager, false);
    manager.start();
    cleanups.push(() => manager.stop());
    await waitFor('cabinet online', () => station.devices.list().find((d) => d.deviceId === 'xray-1' && d.health === 'online'), WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher baseline the folder
    await symlink(secret, join(folder, 'evil\u001b.png'));

    const row = await waitFor(
      'the audit event',
      () => station.store.db.prepare("SELECT actor, subject_id AS subjectId, payload FROM audit_events WHERE kind = 'xray.fileRefused'").get() as { actor: string; subjectId: string; payload: string } | undefined,
      WAIT_MS,
    );
    expect(row.actor).toBe('device:xray-1');
    expect(JSON.parse(row.payload)).toEqual({ file: 'evil\\u001b.png', reason: expect.stringMatching(/symbolic link/) as unknown });
    expect(row.payload).not.toContain(SECRET);
    const status = station.devices.list().find((d) => d.deviceId === 'xray-1');
    expect(status?.detail).toMatch(/hot folder file evil\\u001b\.png refused: is a symbolic link/);
    expect(noSecretIn(store)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the station's rescan is every 2 s
    expect((station.store.db.prepare("SELECT count(*) AS n FROM audit_events WHERE kind = 'xray.fileRefused'").get() as { n: number }).n).toBe(1);
  }, 60_000);
});
