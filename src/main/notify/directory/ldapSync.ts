import { REMOVE_EVERYONE_IN_LDAP_SETTINGS } from './applyDirectory.ts';
import type { DirectoryEntry } from './directoryEntry.ts';
import type { LdapDirectorySettings } from './ldapSettings.ts';
import { LdapSyncFailed, type DirectoryRead } from './ldapSource.ts';

// One sync is read-then-apply: the reader only reads, and the apply function (the directory's, one
// transaction) runs only on a read that succeeded and found someone. So a directory server that is
// down, a wrong password or a filter that suddenly matches no one leaves the last good directory
// in place, and the result says why.

export type DirectorySyncResult<Applied> =
  | { ok: true; read: DirectoryRead; applied: Applied }
  | { ok: false; reason: string; problem: LdapSyncFailed['problem'] | 'empty' | 'apply-failed'; keptLastGood: true };

export interface DirectorySyncOptions {
  /** Apply a read that found no one (emptying the directory); false unless the site says so. */
  allowEmpty: boolean;
}

/**
 * Whether an LDAP sync's apply may remove every person the directory gave, from the settings (the
 * only thing the scheduled sync and `site directory sync` read): with "allowRemovingAll", and for
 * a read of no one with "allowEmpty" (emptying is what that setting allows). A refusal names the
 * setting, not the CLI's --allow-removing-all, which neither of them has.
 */
export function ldapRemovingAll(settings: Pick<LdapDirectorySettings, 'allowEmpty' | 'allowRemovingAll'>, peopleRead: number): { allowRemovingAll: boolean; toRemoveEveryone: string } {
  return { allowRemovingAll: settings.allowRemovingAll || (peopleRead === 0 && settings.allowEmpty), toRemoveEveryone: REMOVE_EVERYONE_IN_LDAP_SETTINGS };
}

/**
 * Reads the directory and, only when that succeeded and found someone (or allowEmpty), applies
 * what it read. A failed read or apply does not throw: every outcome goes once to onResult (the
 * station records it and shows it) and is returned.
 */
export async function syncDirectory<Applied>(
  read: () => Promise<DirectoryRead>,
  apply: (entries: DirectoryEntry[]) => Applied | Promise<Applied>,
  onResult: (result: DirectorySyncResult<Applied>) => void,
  options: DirectorySyncOptions,
): Promise<DirectorySyncResult<Applied>> {
  const result = await readThenApply(read, apply, options);
  onResult(result);
  return result;
}

const said = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function readThenApply<Applied>(
  read: () => Promise<DirectoryRead>,
  apply: (entries: DirectoryEntry[]) => Applied | Promise<Applied>,
  options: DirectorySyncOptions,
): Promise<DirectorySyncResult<Applied>> {
  let found: DirectoryRead;
  try {
    found = await read();
  } catch (error) {
    if (error instanceof LdapSyncFailed) return { ok: false, reason: `${error.message}. The last good directory stays in use.`, problem: error.problem, keptLastGood: true };
    return { ok: false, reason: `reading the directory failed: ${said(error)}. The last good directory stays in use.`, problem: 'refused', keptLastGood: true };
  }
  if (found.entries.length === 0 && !options.allowEmpty) {
    const skipped = Object.values(found.skipped).reduce((sum, n) => sum + n, 0);
    return {
      ok: false,
      reason: `the directory sync found no one${skipped > 0 ? ` (${skipped} entries skipped for a missing key or name)` : ''}, which usually means a wrong "baseDN", "filter" or attribute mapping; the last good directory stays in use (set "allowEmpty": true to empty it on purpose)`,
      problem: 'empty',
      keptLastGood: true,
    };
  }
  try {
    return { ok: true, read: found, applied: await apply(found.entries) };
  } catch (error) {
    return { ok: false, reason: `the directory was read but could not be applied (${said(error)}); the last good directory stays in use`, problem: 'apply-failed', keptLastGood: true };
  }
}

export interface DirectorySyncSchedulerOptions {
  everyHours: number;
  /** One sync (syncDirectory with the station's reader, apply and onResult). */
  sync: () => Promise<unknown>;
  /** The first sync waits this long after start, so a sync never slows the station's start. */
  startDelayMs?: number;
}

/**
 * Runs a sync every `everyHours`, one at a time; a sync asked for while one runs joins it. The
 * timer does not keep the process alive.
 */
export class DirectorySyncScheduler {
  readonly #options: DirectorySyncSchedulerOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = true;

  constructor(options: DirectorySyncSchedulerOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#arm(this.#options.startDelayMs ?? 60_000);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** A sync now (the admin's button); joins one already running instead of starting a second. */
  runNow(): Promise<unknown> {
    if (this.#running) return this.#running;
    this.#running = Promise.resolve()
      .then(() => this.#options.sync())
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  #arm(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runNow()
        .catch(() => undefined)
        .finally(() => this.#arm(this.#options.everyHours * 3_600_000));
    }, ms);
    this.#timer.unref();
  }
}
