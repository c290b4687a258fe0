import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLine, memoryLog, stderrLog } from '../../src/main/log.ts';
import { Disposables } from '../../src/main/disposables.ts';

afterEach(() => vi.restoreAllMocks());

describe('the Log port', () => {
  it('writes the lines the station always wrote: "mailscreen: …", the cause after it as console.error shows it', () => {
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      said.push(String(chunk));
      return true;
    });
    const log = stderrLog();
    log.error('auto-lock not recorded: disk full');
    log.as('SOP').warn('ied: using the last good version "3" until the file is fixed and reloaded');
    log.as('print queue').error('', new Error('store closed'));
    expect(said[0]).toBe('mailscreen: auto-lock not recorded: disk full\n');
    expect(said[1]).toBe('SOP: ied: using the last good version "3" until the file is fixed and reloaded\n');
    expect(said[2]).toMatch(/^print queue: Error: store closed\n {4}at /);
  });

  it('keeps a cause that is a string as text, and a memory log holds its lines under its component', () => {
    expect(logLine('mailscreen', 'web host could not serialize a message:', 'circular')).toBe('mailscreen: web host could not serialize a message: circular');
    const log = memoryLog('station');
    log.info('started');
    log.as('devices').warn('scale-1 offline');
    expect(log.lines).toEqual(['station: started', 'devices: scale-1 offline']);
  });
});

describe('Disposables', () => {
  it('undoes everything in reverse order, once, and carries on past one that throws', async () => {
    const done: string[] = [];
    const failures: unknown[] = [];
    const owner = new Disposables((error) => failures.push(error));
    owner.add(() => void done.push('subscription'));
    owner.add(() => {
      throw new Error('already stopped');
    });
    owner.add(async () => {
      await Promise.resolve();
      done.push('queue');
    });
    await owner.close();
    await owner.close();
    expect(done).toEqual(['queue', 'subscription']);
    expect(failures).toHaveLength(1);
    expect(owner.closed).toBe(true);
  });

  it('runs cleanups added together at the same time: each failure is told, the others end, what came before waits for all', async () => {
    const done: string[] = [];
    const failures: unknown[] = [];
    const owner = new Disposables((error) => failures.push(error));
    owner.add(() => void done.push('store'));
    let releaseSlow = () => undefined as void;
    owner.addTogether([
      async () => {
        done.push('slow asked');
        await new Promise<void>((resolve) => (releaseSlow = resolve));
        done.push('slow stopped');
      },
      () => {
        done.push('failing asked');
        throw new Error('already stopped');
      },
      async () => {
        done.push('quick asked');
        await Promise.resolve();
        done.push('quick stopped');
      },
    ]);
    owner.addTogether([]);
    const closing = owner.close();
    for (let tick = 0; tick < 10; tick += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(['slow asked', 'failing asked', 'quick asked', 'quick stopped']);
    releaseSlow();
    await closing;
    expect(done.slice(4)).toEqual(['slow stopped', 'store']);
    expect(failures).toEqual([new Error('already stopped')]);
  });

  it('runs a cleanup added after the close at once, and stops its timers', async () => {
    const owner = new Disposables(() => undefined);
    let ticks = 0;
    owner.interval(() => (ticks += 1), 1);
    owner.closeNow();
    const seen = ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(seen);
    let late = false;
    owner.add(() => void (late = true));
    expect(late).toBe(true);
  });
});
