// The label printer driver against the ZPL printer simulator over real TCP on 127.0.0.1: the same
// socket code as a Zebra on port 9100, including what a pulled cable looks like.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelPrinter } from '../../src/hardware/devices/labelPrinter.ts';
import type { PrinterStatus } from '../../src/hardware/devices/labelPrinter.ts';
import { PrinterError } from '../../src/hardware/devices/printerError.ts';
import { ZplPrinterSimulator } from '../../src/hardware/simulators/zplPrinterSimulator.ts';
import type { ZplPrinterSimulatorOptions } from '../../src/hardware/simulators/zplPrinterSimulator.ts';
import { PrintQueue } from '../../src/main/core/printQueue.ts';
import { Store } from '../../src/main/store/index.ts';
import type { PrintJob } from '../../src/shared/contract/index.ts';
import { useCleanups } from '../helpers/cleanups.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const cleanups = useCleanups();

async function simulator(options: ZplPrinterSimulatorOptions = {}): Promise<ZplPrinterSimulator> {
  const sim = new ZplPrinterSimulator(options);
  cleanups.push(() => sim.stop());
  await sim.start();
  return sim;
}

interface Recorded {
  printer: LabelPrinter;
  statuses: PrinterStatus[];
}

function printer(port: number, statusPollMs = 200): Recorded {
  const device = new LabelPrinter(
    { id: 'zebra-1', name: 'Intake label printer', transport: { kind: 'tcp', host: '127.0.0.1', port }, statusPollMs, replyTimeoutMs: 1000 },
    { reconnect: { initialMs: 20, maxMs: 200 }, confirmPollMs: 20 },
  );
  const statuses: PrinterStatus[] = [];
  device.on('status', (status) => statuses.push(status));
  cleanups.push(() => device.stop());
  return { printer: device, statuses };
}

async function online(rec: Recorded, timeoutMs = 5000): Promise<void> {
  await waitFor(`${rec.printer.id} online`, () => rec.printer.status.health === 'online', timeoutMs);
}

/** Settles within the test or says it has not: a pending promise must not be mistaken for success. */
function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

// A custody label like docs/protocols/zpl.md's commands build, with UTF-8 field data (^CI28).
const CUSTODY_LABEL = [
  '^XA',
  '^CI28',
  '^PW812',
  '^LL1218',
  '^LH0,0',
  '^FO40,40^A0N,50,50^FDCHAIN OF CUSTODY^FS',
  '^FO40,130^A0N,30,30^FDItem: MS-2025-000123^FS',
  '^FO40,250^A0N,30,30^FDOperator: Zoë Müller^FS',
  '^FO40,310^BY3,3,120^BCN,120,Y,N,N^FDMS2025000123^FS',
  '^FO40,520^BQN,2,8^FDQA,https://example.invalid/c/MS2025000123^FS',
  '^XZ',
].join('\n');

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

describe('LabelPrinter over TCP to the ZPL simulator', () => {
  it('comes online from ~HS and prints a job the printer received byte for byte', async () => {
    const sim = await simulator();
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);
    expect(rec.printer.status).toMatchObject({ deviceId: 'zebra-1', health: 'online', detail: null });
    expect(rec.printer.status.condition).toMatchObject({ paperOut: false, formatsInBuffer: 0 });

    await rec.printer.print(CUSTODY_LABEL);
    expect(sim.printed()).toEqual([CUSTODY_LABEL]);
    expect(sim.buffered()).toEqual([]);
    expect(rec.printer.parseErrors).toBe(0);
    // Offline until the printer first answered: never online on the strength of a TCP connect alone.
    expect(rec.statuses[0]?.health).toBe('offline');
  });

  it('reports paper out as a fault in operator words and refuses to print until paper is back', async () => {
    const sim = await simulator();
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);

    sim.setPaperOut(true);
    await waitFor('a fault', () => rec.printer.status.health === 'fault');
    expect(rec.printer.status.detail).toBe('Paper out — load labels');
    expect(rec.printer.status.condition?.paperOut).toBe(true);

    const refused = await rec.printer.print(CUSTODY_LABEL).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PrinterError);
    expect(refused).toMatchObject({ code: 'fault', sent: false });
    expect((refused as Error).message).toMatch(/Paper out/);
    expect(sim.printed()).toEqual([]);
    expect(sim.buffered()).toEqual([]);

    sim.setHeadOpen(true);
    await waitFor('both faults named', () => rec.printer.status.detail?.includes('Print head open') === true);
    expect(rec.printer.status.detail).toBe('Print head open — close the print head; Paper out — load labels');

    sim.setHeadOpen(false);
    sim.setPaperOut(false);
    await online(rec);
    await rec.printer.print(CUSTODY_LABEL);
    expect(sim.printed()).toEqual([CUSTODY_LABEL]);
  });

  it('does not report a label printed while paper runs out under it, and does once paper is back', async () => {
    const sim = await simulator({ printMs: 300 });
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);

    const job = track(rec.printer.print(CUSTODY_LABEL));
    await waitFor('the label in the printer buffer', () => sim.buffered().length === 1);
    sim.setPaperOut(true);
    await waitFor('the fault seen while confirming', () => rec.printer.status.health === 'fault');
    expect(rec.printer.status.condition).toMatchObject({ paperOut: true, formatsInBuffer: 1 });
    // Several confirmation polls go by; the label is still in the printer and not reported printed.
    const polls = sim.statusRequests;
    await waitFor('more status polls', () => sim.statusRequests >= polls + 5);
    expect(job.settled()).toBe(false);
    expect(sim.printed()).toEqual([]);

    sim.setPaperOut(false);
    await job.promise;
    expect(sim.printed()).toEqual([CUSTODY_LABEL]);
    expect(rec.printer.status.health).toBe('online');
  });

  it('goes offline on each of 20 unplugs, comes back each time, and leaks no handles', async () => {
    const sim = await simulator();
    const rec = printer(sim.port, 100);
    rec.printer.start();
    await online(rec);
    await rec.printer.print('^XA^FDbefore^FS^XZ');
    const before = resourceCounts();

    for (let cycle = 0; cycle < 20; cycle += 1) {
      await sim.stop();
      await waitFor(`offline after unplug ${cycle + 1}`, () => rec.printer.status.health === 'offline', UNPLUG_NOTICED_MS);
      await sim.start();
      await online(rec, 5000);
    }
    await rec.printer.print('^XA^FDafter^FS^XZ');
    expect(sim.printed()).toEqual(['^XA^FDbefore^FS^XZ', '^XA^FDafter^FS^XZ']);
    expect(sim.connections).toBe(21);

    const after = resourceCounts();
    // Sockets and servers exactly as before; timers may differ by the one poll or reply timer in flight.
    for (const kind of new Set([...before.keys(), ...after.keys()])) {
      if (kind === 'Timeout') {
        expect(Math.abs((after.get(kind) ?? 0) - (before.get(kind) ?? 0))).toBeLessThanOrEqual(2);
      } else {
        expect({ kind, count: after.get(kind) ?? 0 }).toEqual({ kind, count: before.get(kind) ?? 0 });
      }
    }
    const healths = rec.statuses.map((s) => s.health);
    expect(healths.filter((h) => h === 'online').length).toBeGreaterThanOrEqual(21);
    expect(healths).not.toContain('fault');
  });

  it('refuses to print while offline, sending nothing', async () => {
    const sim = await simulator();
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);
    await sim.stop();
    await waitFor('offline', () => rec.printer.status.health === 'offline');
    const refused = await rec.printer.print(CUSTODY_LABEL).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'offline', sent: false });
    expect(rec.printer.status.detail).toMatch(/refused|lost|closed|reachable/);
  });

  it('marks a printer that accepts the connection but never answers ~HS offline', async () => {
    const silent: Server = createServer((socket: Socket) => socket.on('error', () => undefined));
    const sockets = new Set<Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const port = (silent.address() as { port: number }).port;
    const rec = printer(port);
    rec.printer.start();
    await waitFor('a no-reply status', () => rec.printer.status.detail?.startsWith('No reply from the printer') === true);
    expect(rec.printer.status.health).toBe('offline');
    // It keeps trying: the link is dropped and reopened rather than left half-open.
    await waitFor('a reconnect', () => sockets.size >= 2);
  });

  it('refuses a malformed job without sending it', async () => {
    const sim = await simulator();
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);
    await expect(rec.printer.print('^XA^FDno end')).rejects.toMatchObject({ code: 'invalid-job', sent: false });
    expect(sim.buffered()).toEqual([]);
  });
});

describe('PrintQueue + LabelPrinter + simulator', () => {
  it('prints a job queued during an outage exactly once after the printer returns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-printer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = Store.open(path.join(dir, 'station.sqlite'));
    cleanups.push(() => store.close());

    const sim = await simulator();
    const rec = printer(sim.port);
    rec.printer.start();
    await online(rec);

    const changes: PrintJob[] = [];
    const errors: unknown[] = [];
    const queue = new PrintQueue(store, 'live', (id) => (id === 'zebra-1' ? rec.printer : undefined), (job) => changes.push(job), () => new Date(), {
      retry: { initialMs: 50, maxMs: 200 },
      onError: (err) => errors.push(err),
    });
    cleanups.push(() => queue.stop());
    queue.start();

    await sim.stop();
    await waitFor('offline', () => rec.printer.status.health === 'offline', UNPLUG_NOTICED_MS);
    const job = queue.enqueue({ printerId: 'zebra-1', template: 'custody', subject: 'MS-2025-000123', zpl: CUSTODY_LABEL, actor: 'operator:op-1' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });

    await sim.start();
    await waitFor('printed', () => queue.get(job.id)?.state === 'printed', 10_000);
    // Let a few more polls go by: nothing prints twice.
    const polls = sim.statusRequests;
    await waitFor('more polls', () => sim.statusRequests >= polls + 3);
    expect(sim.printed()).toEqual([CUSTODY_LABEL]);
    expect(queue.get(job.id)).toMatchObject({ attempts: 1, lastError: null });
    expect(store.audit.eventsFor('print-job', String(job.id)).map((e) => e.kind)).toEqual(['print.queued', 'print.started', 'print.printed']);
    expect(store.audit.verify().ok).toBe(true);
    expect(errors).toEqual([]);
  });
});
