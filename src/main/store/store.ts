import type Database from 'better-sqlite3';
import { openDatabase, stationIdOf } from './database.ts';
import { AuditLog } from './auditLog.ts';
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
    this.stationId = stationIdOf(db);
    this.audit = new AuditLog(db, this.stationId, now);
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
