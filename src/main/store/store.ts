import type Database from 'better-sqlite3';
import { openDatabase, stationIdOf } from './database.ts';
import { AuditLog } from './auditLog.ts';
import { schemaVersion } from './migrate.ts';
import { GENESIS_KIND } from './auditChain.ts';
import { ItemRepository } from './items.ts';
import { OperatorRepository } from './operators.ts';
import { PrintJobRepository } from './printJobs.ts';

/** The station's records: one SQLite database, its repositories and the audit log. */
export class Store {
  readonly db: Database.Database;
  readonly stationId: string;
  readonly audit: AuditLog;
  readonly items: ItemRepository;
  readonly operators: OperatorRepository;
  readonly printJobs: PrintJobRepository;

  constructor(db: Database.Database, now: () => Date = () => new Date()) {
    this.db = db;
    // The station's identity and its genesis event are made together, once: from then on an empty
    // audit log can only mean the log was emptied, and `verify` says so.
    const init = () => {
      const stationId = stationIdOf(db);
      const audit = new AuditLog(db, stationId, now);
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
  }

  static open(path: string, now?: () => Date): Store {
    return new Store(openDatabase(path), now);
  }

  /** One state change and its audit event, all or nothing. IMMEDIATE: the writer lock is taken up front. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
