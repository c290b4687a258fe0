import { constants, ftruncateSync, lstatSync, statfsSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { StationFailure, type DiskState, type DiskStatus } from '../../shared/contract/index.ts';
import { diskFullFailure, isDatabaseFull, type DiskGuard } from '../store/index.ts';
import type { CommandHandlers } from '../commands/index.ts';
import { stderrLog, type Log } from '../log.ts';

/** Free and total bytes of the filesystem a folder is on, as the station's own user may use it. */
export interface DiskMeasure {
  freeBytes: number;
  totalBytes: number;
}
export type MeasureDisk = (folder: string) => DiskMeasure;

/** statfs: `bavail`, not `bfree`, because the blocks kept for root are not the station's to use. */
export const measureDisk: MeasureDisk = (folder) => {
  const stats = statfsSync(folder);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
};

/** Room kept aside on the data folder's disk, given back when the disk fills so people can still log in. */
export interface DiskReserve {
  readonly bytes: number;
  readonly held: boolean;
  /** Sets the room aside again (after the disk had room again); never rejects. */
  make(): Promise<void>;
  /** Gives the room back at once; true when that freed something. */
  release(): boolean;
}

export const MIB = 1024 * 1024;
export const GB = 1_000_000_000;
/** Under this much free space the disk counts as full: new records would soon fail half-way. */
export const DEFAULT_FLOOR_BYTES = 64 * MIB;
export const DEFAULT_RESERVE_BYTES = 16 * MIB;
export const RESERVE_FILE = '.mailscreen-disk-reserve';

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (or never made): nothing to give back.
  }
}

/**
 * The reserve as a file of real blocks (zeros written and fsynced, not a sparse file, which would
 * hold no room). It is made with O_CREAT|O_EXCL|O_NOFOLLOW after removing the name, so a link
 * someone left at that name is never followed and nothing outside the folder is written.
 */
export class FileReserve implements DiskReserve {
  readonly file: string;
  readonly bytes: number;
  readonly #log: (line: string) => void;
  #held = false;
  #making: { cancelled: boolean; fd: number | null } | null = null;
  #done: Promise<void> = Promise.resolve();

  constructor(file: string, bytes: number, log: (line: string) => void = (line) => stderrLog().error(line)) {
    this.file = file;
    this.bytes = bytes;
    this.#log = log;
    // A reserve left by the last run is kept if it still is one: a regular file with its blocks.
    try {
      const stats = lstatSync(file);
      this.#held = stats.isFile() && stats.size >= bytes && stats.blocks * 512 >= bytes;
    } catch {
      this.#held = false;
    }
  }

  get held(): boolean {
    return this.#held;
  }

  make(): Promise<void> {
    if (this.#held || this.#making || this.bytes <= 0) return this.#done;
    this.#done = this.#write();
    return this.#done;
  }

  async #write(): Promise<void> {
    const job: { cancelled: boolean; fd: number | null } = { cancelled: false, fd: null };
    this.#making = job;
    try {
      unlinkQuietly(this.file);
      const handle = await open(this.file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      job.fd = handle.fd;
      try {
        const zeros = Buffer.alloc(Math.min(MIB, this.bytes));
        for (let written = 0; written < this.bytes && !job.cancelled; ) {
          const { bytesWritten } = await handle.write(zeros, 0, Math.min(zeros.length, this.bytes - written));
          written += bytesWritten;
        }
        if (!job.cancelled) await handle.sync();
      } finally {
        job.fd = null;
        await handle.close();
      }
      if (job.cancelled) unlinkQuietly(this.file);
      else this.#held = true;
    } catch (error) {
      unlinkQuietly(this.file);
      this.#log(`the disk reserve (${this.file}) could not be made: ${(error as Error).message}`);
    } finally {
      this.#making = null;
    }
  }

  release(): boolean {
    const job = this.#making;
    if (!this.#held && !job) return false;
    if (job) {
      job.cancelled = true;
      // Blocks of a file still open are freed by truncating it, not by removing its name.
      if (job.fd !== null) {
        try {
          ftruncateSync(job.fd, 0);
        } catch {
          // Closed meanwhile: the unlink below frees it.
        }
      }
    }
    this.#held = false;
    unlinkQuietly(this.file);
    return true;
  }
}

export interface DiskSpaceOptions {
  /** The folder the database is in: what fills up is the filesystem it is on. */
  folder: string;
  /** The site's early-warning threshold, read at each check (the admin may change it). */
  warningBytes: () => number;
  measure?: MeasureDisk;
  reserve?: DiskReserve | null;
  floorBytes?: number;
  /** How often free space is measured; 0: only when asked (tests drive it). */
  checkMs?: number;
  now?: () => Date;
  onChange?: (status: DiskStatus) => void;
  log?: Log;
}

function gigabytes(bytes: number): string {
  return bytes >= 100 * GB ? `${Math.round(bytes / GB)} GB` : `${(bytes / GB).toFixed(1)} GB`;
}

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / MIB)} MB`;
}

/**
 * Watches the free space of the data folder's disk: ok, low (under the site's threshold: a warning
 * on every screen), full (under the floor, or SQLite found no room). On full it gives back its
 * reserve, so logins and logouts still have room, and the store records nothing else until space
 * returns; then the reserve is set aside again and intake goes on by itself.
 */
export class DiskSpace implements DiskGuard {
  readonly #folder: string;
  readonly #warningBytes: () => number;
  readonly #measure: MeasureDisk;
  readonly #reserve: DiskReserve | null;
  readonly #floor: number;
  readonly #checkMs: number;
  readonly #now: () => Date;
  readonly #onChange: (status: DiskStatus) => void;
  readonly #log: Log;
  #state: DiskState = 'ok';
  #measured: DiskMeasure | null = null;
  #detail: string | null = null;
  #published: string | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: DiskSpaceOptions) {
    this.#folder = options.folder;
    this.#warningBytes = options.warningBytes;
    this.#measure = options.measure ?? measureDisk;
    this.#reserve = options.reserve ?? null;
    this.#floor = options.floorBytes ?? DEFAULT_FLOOR_BYTES;
    this.#checkMs = options.checkMs ?? 30_000;
    this.#now = options.now ?? (() => new Date());
    this.#onChange = options.onChange ?? (() => undefined);
    this.#log = options.log ?? stderrLog();
  }

  get full(): boolean {
    return this.#state === 'full';
  }

  /** The folder whose disk is watched. */
  get folder(): string {
    return this.#folder;
  }

  get reserve(): DiskReserve | null {
    return this.#reserve;
  }

  /** Measures now and every checkMs after. */
  start(): void {
    this.check();
    if (this.#checkMs > 0 && !this.#timer) {
      this.#timer = setInterval(() => this.check(), this.#checkMs);
      this.#timer.unref();
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  status(): DiskStatus {
    return {
      state: this.#state,
      freeBytes: this.#measured?.freeBytes ?? null,
      totalBytes: this.#measured?.totalBytes ?? null,
      warningBytes: this.#warningBytes(),
      detail: this.#detail,
      at: this.#now().toISOString(),
    };
  }

  /** Measures the disk and moves between ok, low and full. */
  check(): DiskStatus {
    const measured = this.#measureNow();
    if (measured === null) return this.#publish();
    const warning = this.#warningBytes();
    const free = measured.freeBytes;
    if (this.#state === 'full') {
      // Out of full only with room to set the reserve aside again and stay clear of the floor, so
      // the station does not swing between full and not at every check.
      const needed = this.#floor * 2 + (this.#reserve && !this.#reserve.held ? this.#reserve.bytes : 0);
      if (free < needed) {
        this.#detail = `${megabytes(free)} free in the data folder; the station takes new items again from ${megabytes(needed)} free.`;
        return this.#publish();
      }
    } else if (free < this.#floor) {
      this.#enterFull(`Only ${megabytes(free)} free in the data folder; the station takes no new items under ${megabytes(this.#floor)}.`);
      return this.#publish();
    }
    this.#state = free < warning ? 'low' : 'ok';
    this.#detail = this.#state === 'low' ? `${gigabytes(free)} free in the data folder; the site warns under ${gigabytes(warning)}.` : null;
    void this.#reserve?.make();
    return this.#publish();
  }

  /** The store (or a command) met a full disk: full now, whatever the last measure said. */
  noteFull(): boolean {
    this.#measureNow();
    const released = this.#enterFull(
      this.#state === 'full' && this.#detail !== null ? this.#detail : 'The disk of the data folder has no room for a new record. Free space on it; the station takes new items again by itself.',
    );
    this.#publish();
    return released;
  }

  /** Full: the reserve goes back to the disk. True when that freed room. */
  #enterFull(detail: string): boolean {
    let released = false;
    try {
      released = this.#reserve?.release() ?? false;
    } catch {
      // A reserve that cannot be removed frees nothing; the state is full all the same.
    }
    this.#state = 'full';
    this.#detail = detail;
    return released;
  }

  #measureNow(): DiskMeasure | null {
    try {
      this.#measured = this.#measure(this.#folder);
      return this.#measured;
    } catch (error) {
      this.#detail = `The free space of the data folder could not be measured: ${(error as Error).message}`;
      return null;
    }
  }

  /** Tells the screens when what they show would change: the state, the words, or a tenth of a GB. */
  #publish(): DiskStatus {
    const status = this.status();
    const shown = JSON.stringify([status.state, status.detail, status.freeBytes === null ? null : Math.round(status.freeBytes / (GB / 10))]);
    if (shown !== this.#published) {
      this.#published = shown;
      try {
        this.#onChange(status);
      } catch (error) {
        this.#log.error('disk status not published:', error);
      }
    }
    return status;
  }
}

/**
 * Did this error meet the data folder's disk full? SQLITE_FULL always (the database lives there); a
 * file write's ENOSPC or EDQUOT only when the file is in the folder: a report or a backup that finds
 * its USB stick full says so itself, and must not stop intake at the station.
 */
export function metFullDisk(error: unknown, folder: string): boolean {
  if (isDatabaseFull(error)) return true;
  const { code, path: file, dest } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; path?: unknown; dest?: unknown };
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return false;
  return [file, dest].some((where) => {
    if (typeof where !== 'string') return false;
    const inside = path.relative(folder, path.resolve(where));
    return inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside));
  });
}

/**
 * Every command's handler with the data folder's disk full answered as DISK_FULL, and the disk guard
 * told at once, wherever the write was: the operator reads what to do, never an internal error.
 */
export function refuseOnFullDisk(handlers: CommandHandlers, guard: DiskGuard, folder: string): CommandHandlers {
  const translate = (error: unknown): unknown => {
    // A StationFailure (DISK_FULL from the store included) already says what it means.
    if (error instanceof StationFailure || !metFullDisk(error, folder)) return error;
    guard.noteFull();
    return diskFullFailure();
  };
  const wrapped: Record<string, (args: unknown, context: unknown) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[string, (args: unknown, context: unknown) => unknown]>) {
    wrapped[name] = (args, context) => {
      try {
        const value = handler(args, context);
        return value instanceof Promise ? value.catch((error: unknown) => Promise.reject(translate(error))) : value;
      } catch (error) {
        throw translate(error);
      }
    };
  }
  return wrapped as unknown as CommandHandlers;
}
