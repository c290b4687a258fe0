import type Database from 'better-sqlite3';
import { openDatabase, stationIdOf } from './database.ts';
import type { AuditLog } from './auditLog.ts';
import { diskFullFailure, GuardedAuditLog, isDatabaseFull, type DiskGuard } from './diskFull.ts';
import { schemaVersion } from './migrate.ts';
import { GENESIS_KIND } from './auditChain.ts';
import { ItemRepository } from './items.ts';
import { OperatorRepository } from './operators.ts';
import { PrintJobRepository } from './printJobs.ts';
import { readerOf, type StoreReader } from './readModels/index.ts';
import { PurgeRepository, type PurgeCutoffs } from './purgeRepository.ts';
import { LegalHoldRepository, RetentionPolicyRepository } from './retention.ts';
import { WalCheckpoints } from './walCheckpoints.ts';

/** The station's records: one SQLite database, its repositories and the audit log. */
export class Store {
  readonly db: Database.Database;
  readonly stationId: string;
  readonly audit: AuditLog;
  readonly items: ItemRepository;
  readonly operators: OperatorRepository;
  readonly printJobs: PrintJobRepository;
  /** The read models, for readers that must not write (dashboard, search, reports). */
  readonly reader: StoreReader;
  readonly retention: RetentionPolicyRepository;
  readonly holds: LegalHoldRepository;
  #disk: DiskGuard | null = null;
  readonly #appendWatchers = new Set<() => void>();
  /** The WAL copied back at idle moments, not inside a scan's commit (a file database in WAL mode only). */
  readonly walCheckpoints: WalCheckpoints | null;
  /**
   * One better-sqlite3 transaction function for every call, the work passed in: making one per call
   * (db.transaction(work)) cost about 20 µs each, more than an empty BEGIN IMMEDIATE ... COMMIT.
   * Nested calls still become savepoints: the wrapper decides that at each call.
   */
  readonly #transaction: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(db: Database.Database, now: () => Date = () => new Date()) {
    this.db = db;
    this.#transaction = db.transaction((work: () => unknown) => work());
    // The station's identity and its genesis event are made together, once: from then on an empty
    // audit log can only mean the log was emptied, and `verify` says so.
    const init = () => {
      const stationId = stationIdOf(db);
      const audit: AuditLog = new GuardedAuditLog([db, stationId, now], () => this.#disk, () => this.#noteAppend());
      if (!db.readonly && !audit.hasEvents()) {
        audit.append({ actor: 'station', kind: GENESIS_KIND, subjectType: 'station', subjectId: stationId, mode: 'live', payload: { stationId, schemaVersion: schemaVersion(db) } });
      }
      return { stationId, audit };
    };
    const { stationId, audit } = db.readonly ? init() : db.transaction(init).immediate();
    this.stationId = stationId;
    this.audit = audit;
    this.items = new ItemRepository(db);
    this.operators = new OperatorRepository(db);
    this.printJobs = new PrintJobRepository(db);
    this.reader = readerOf(db);
    this.retention = new RetentionPolicyRepository(db);
    this.holds = new LegalHoldRepository(db);
    const wal = !db.readonly && !db.memory && String(db.pragma('journal_mode', { simple: true })) === 'wal';
    this.walCheckpoints = wal ? new WalCheckpoints(db) : null;
  }

  /** A consistent copy of the database through SQLite's online backup API, while the station keeps working. */
  async backupTo(file: string): Promise<void> {
    await this.db.backup(file, { progress: () => 4096 });
  }

  /** The queries of one purge run with these cutoffs. */
  purging(cutoffs: PurgeCutoffs): PurgeRepository {
    return new PurgeRepository(this.db, cutoffs);
  }

  static open(path: string, now?: () => Date): Store {
    return new Store(openDatabase(path), now);
  }

  /**
   * `watcher` is told each time an audit event is appended: inside the transaction that appends it,
   * so it must only take note (the site publisher schedules a pass, run once the transaction is
   * over). Returns the unsubscribe.
   */
  watchAppends(watcher: () => void): () => void {
    this.#appendWatchers.add(watcher);
    return () => {
      this.#appendWatchers.delete(watcher);
    };
  }

  #noteAppend(): void {
    for (const watcher of this.#appendWatchers) {
      try {
        watcher();
      } catch {
        // A watcher only takes note; its failure must not roll back the step that is being recorded.
      }
    }
  }

  /** From now on a full disk is reported to `guard`, and while it says full only some events are recorded. */
  guardDisk(guard: DiskGuard): void {
    this.#disk = guard;
  }

  /**
   * One state change and its audit event, all or nothing. IMMEDIATE: the writer lock is taken up front.
   * A full disk is DISK_FULL to the caller, never an internal error. When the disk guard can make room
   * (its reserve), the work runs once more: the first attempt was rolled back whole, so nothing is
   * done twice, and the full-disk gate decides what the second attempt may record.
   */
  transaction<T>(work: () => T): T {
    const result = this.#transactionOnce(work);
    // The outermost one committed (a nested call is a savepoint of its caller's).
    if (!this.db.inTransaction) this.walCheckpoints?.committed();
    return result;
  }

  #transactionOnce<T>(work: () => T): T {
    try {
      return this.#transaction.immediate(work) as T; // what work returned
    } catch (error) {
      if (!isDatabaseFull(error)) throw error;
      if (this.#disk?.noteFull()) {
        try {
          return this.#transaction.immediate(work) as T; // what work returned
        } catch (again) {
          if (!isDatabaseFull(again)) throw again;
        }
      }
      throw diskFullFailure();
    }
  }

  close(): void {
    this.walCheckpoints?.stop();
    if (this.db.open) this.db.close();
  }
}
