import { z } from 'zod';
import { listBackups, type BackupResult } from './backup.ts';

/** `backup` in station.json (per machine: the folder is a path on this machine or a mounted share). */
export const BackupSchedule = z
  .object({
    folder: z.string().min(1, 'backup.folder: give the folder backups go to'),
    everyHours: z.number().min(1).max(24 * 31).default(24),
    keep: z.number().int().min(1).max(10_000).optional(),
    verifyChain: z.boolean().default(false),
  })
  .strict();
export type BackupSchedule = z.infer<typeof BackupSchedule>;

export interface BackupSchedulerOptions {
  schedule: BackupSchedule;
  /** One backup to the schedule's folder (the station passes its store and image store in). */
  run: () => Promise<BackupResult>;
  now?: () => Date;
  /** The first check waits this long after start, so a backup never slows the station's start. */
  startDelayMs?: number;
  /** After a failure, try again this much later (or at the next slot, if sooner). */
  retryMs?: number;
  onResult?: (outcome: { ok: true; result: BackupResult } | { ok: false; error: Error }) => void;
}

const BACKUP_TIME = /^mailscreen-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/;

/** When the newest complete backup in the folder was taken, read from its name. */
export async function lastBackupAt(folder: string): Promise<Date | null> {
  const newest = (await listBackups(folder)).at(-1);
  const m = newest ? BACKUP_TIME.exec(newest) : null;
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`) : null;
}

/**
 * Backs up every `everyHours`, counted from the newest backup already in the folder, so a
 * restart neither skips a due backup nor takes an extra one. One backup at a time; the timer does
 * not keep the process alive.
 */
export class BackupScheduler {
  readonly #options: BackupSchedulerOptions;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<BackupResult> | null = null;
  #stopped = true;
  lastResult: BackupResult | null = null;
  lastError: Error | null = null;

  constructor(options: BackupSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
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

  /** A backup now (the admin's button); joins one already running instead of starting a second. */
  runNow(): Promise<BackupResult> {
    if (this.#running) return this.#running;
    this.#running = this.#options.run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Milliseconds until the next backup is due (0 when overdue). */
  async dueInMs(): Promise<number> {
    const last = await lastBackupAt(this.#options.schedule.folder);
    if (!last) return 0;
    return Math.max(0, last.getTime() + this.#options.schedule.everyHours * 3_600_000 - this.#now().getTime());
  }

  #arm(ms: number): void {
    if (this.#stopped) return;
    // setTimeout holds at most ~24.8 days; a longer wait is re-checked when it fires.
    this.#timer = setTimeout(() => void this.#tick(), Math.min(ms, 2 ** 31 - 1));
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    let wait: number;
    try {
      wait = await this.dueInMs();
      if (wait === 0) {
        const result = await this.runNow();
        this.lastResult = result;
        this.lastError = null;
        this.#options.onResult?.({ ok: true, result });
        wait = this.#options.schedule.everyHours * 3_600_000;
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      this.#options.onResult?.({ ok: false, error: this.lastError });
      wait = Math.min(this.#options.retryMs ?? 3_600_000, this.#options.schedule.everyHours * 3_600_000);
    }
    this.#arm(wait);
  }
}
