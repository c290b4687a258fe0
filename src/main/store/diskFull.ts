import { DISK_FULL_MESSAGE, StationFailure, type AuditEvent, type AuditKind } from '../../shared/contract/index.ts';
import { AuditLog, type NewAuditEvent } from './auditLog.ts';

/**
 * What the store asks of whoever watches the data folder's disk (the station's DiskSpace monitor).
 * The store cannot see the disk; it sees SQLite say SQLITE_FULL.
 */
export interface DiskGuard {
  /** True while the disk is full: only the events in ADMITTED_WHEN_FULL get into the record. */
  readonly full: boolean;
  /**
   * SQLite (or a file write) found no room. The guard marks the disk full and releases its reserve;
   * true when that made room, so the failed transaction is worth one more try.
   */
  noteFull(): boolean;
}

/**
 * The events the record still takes on a full disk: people logging in and out (and wrong PINs, so a
 * full disk never lifts the lockout), an admin lifting a lock; the audit of reads that leave the
 * station (reports, exports, backups) and of a purge (which is how an admin makes room); the site
 * link's alarm (the record's outside anchor says this database is behind or differs); what a
 * device delivers for work acknowledged before the disk filled (an X-ray image already in the
 * evidence store, the cabinet's warnings) and the end of a label already printing. Everything else,
 * a new item first of all, waits for space: the reserve is kept for these.
 */
export const ADMITTED_WHEN_FULL: ReadonlySet<string> = new Set<AuditKind>([
  'operator.loggedIn',
  'operator.loggedOut',
  'operator.loginRefused',
  'operator.lockedOut',
  'operator.unlocked',
  'report.generated',
  'audit.exported',
  'records.backedUp',
  'records.backupFailed',
  'site.chainRefused',
  'records.purged',
  'xray.imageCaptured',
  'xray.unclaimed-image',
  'xray.scan-failed',
  'xray.scan-timeout',
  'xray.image-error',
  'xray.protocol',
  'print.printed',
  'print.retrying',
  'print.failed',
]);

/** SQLite's "database or disk is full": the database is always on the data folder's disk. */
export function isDatabaseFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_FULL';
}

export function diskFullFailure(): StationFailure {
  return new StationFailure('DISK_FULL', DISK_FULL_MESSAGE);
}

/**
 * The audit log behind a full-disk gate: a refused event rolls back the transaction it is part of.
 * `appended` is told of each event added (inside its transaction, so it only takes note).
 */
export class GuardedAuditLog extends AuditLog {
  readonly #guard: () => DiskGuard | null;
  readonly #appended: () => void;

  constructor(log: ConstructorParameters<typeof AuditLog>, guard: () => DiskGuard | null, appended: () => void = () => undefined) {
    super(...log);
    this.#guard = guard;
    this.#appended = appended;
  }

  override append<K extends AuditKind>(event: NewAuditEvent<K>): AuditEvent {
    if (this.#guard()?.full && !ADMITTED_WHEN_FULL.has(event.kind)) throw diskFullFailure();
    const appended = super.append(event);
    this.#appended();
    return appended;
  }
}
