import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { LdapSyncFailed, type DirectoryRead } from '../../src/main/notify/directory/ldapSource.ts';
import { DirectorySyncScheduler, syncDirectory, type DirectorySyncResult } from '../../src/main/notify/directory/ldapSync.ts';

// The sync's shape: read, then apply only what was read whole; the schedule around it. (The real
// reader against slapd is in directory-ldap.test.ts.)

const ada: DirectoryEntry = { key: 'k1', name: 'Ada Lovelace', email: 'ada@example.org', department: null, location: null, employeeId: null, badge: null };
const readOf = (entries: DirectoryEntry[], skipped = 0): DirectoryRead => ({ entries, skipped: { 'no-key': skipped, 'no-name': 0, 'duplicate-key': 0 }, skippedExamples: [], emailsRefused: 0 });

async function sync(read: () => Promise<DirectoryRead>, apply: (entries: DirectoryEntry[]) => unknown, allowEmpty = false): Promise<{ result: DirectorySyncResult<unknown>; reported: DirectorySyncResult<unknown>[] }> {
  const reported: DirectorySyncResult<unknown>[] = [];
  const result = await syncDirectory(read, apply, (r) => reported.push(r), { allowEmpty });
  return { result, reported };
}

describe('syncDirectory', () => {
  it('applies a good read and reports it once', async () => {
    const apply = vi.fn(() => ({ added: 1 }));
    const { result, reported } = await sync(async () => readOf([ada]), apply);
    expect(apply).toHaveBeenCalledWith([ada]);
    expect(result).toEqual({ ok: true, read: readOf([ada]), applied: { added: 1 } });
    expect(reported).toEqual([result]);
  });

  it('keeps the last good directory when the read fails, and says why', async () => {
    const apply = vi.fn();
    const refused = await sync(() => Promise.reject(new LdapSyncFailed('bind-refused', "the directory refused the bind DN's password")), apply);
    expect(refused.result).toEqual({ ok: false, problem: 'bind-refused', keptLastGood: true, reason: "the directory refused the bind DN's password. The last good directory stays in use." });
    const broken = await sync(() => Promise.reject(new Error('boom')), apply);
    expect(broken.result).toMatchObject({ ok: false, problem: 'refused', reason: 'reading the directory failed: boom. The last good directory stays in use.' });
    expect(broken.reported).toEqual([broken.result]);
    expect(apply).not.toHaveBeenCalled();
  });

  it('does not apply a read that found no one unless the settings allow it', async () => {
    const apply = vi.fn();
    const { result } = await sync(async () => readOf([], 3), apply);
    expect(result).toMatchObject({ ok: false, problem: 'empty', keptLastGood: true });
    if (!result.ok) expect(result.reason).toContain('(3 entries skipped for a missing key or name)');
    expect(apply).not.toHaveBeenCalled();
    expect((await sync(async () => readOf([]), apply, true)).result.ok).toBe(true);
    expect(apply).toHaveBeenCalledWith([]);
  });

  it('reports an apply that failed as a failed sync', async () => {
    const { result, reported } = await sync(async () => readOf([ada]), () => Promise.reject(new Error('database is locked')));
    expect(result).toMatchObject({ ok: false, problem: 'apply-failed', keptLastGood: true });
    if (!result.ok) expect(result.reason).toContain('database is locked');
    expect(reported).toHaveLength(1);
  });
});

describe('DirectorySyncScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('syncs after the start delay and then every everyHours, and stops when told', async () => {
    const sync = vi.fn(async () => undefined);
    const scheduler = new DirectorySyncScheduler({ everyHours: 2, sync, startDelayMs: 1000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(sync).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(sync).toHaveBeenCalledTimes(2);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it('runs one sync at a time: a sync asked for while one runs joins it', async () => {
    let finish = (): void => undefined;
    const sync = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const scheduler = new DirectorySyncScheduler({ everyHours: 1, sync });
    const first = scheduler.runNow();
    const second = scheduler.runNow();
    expect(second).toBe(first);
    await vi.advanceTimersByTimeAsync(0);
    expect(sync).toHaveBeenCalledTimes(1);
    finish();
    await first;
    void scheduler.runNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it('keeps its schedule after a sync that threw', async () => {
    const sync = vi.fn(() => Promise.reject(new Error('unexpected')));
    const scheduler = new DirectorySyncScheduler({ everyHours: 1, sync, startDelayMs: 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sync).toHaveBeenCalledTimes(2);
    scheduler.stop();
  });
});
