import type Database from 'better-sqlite3';
import type { ChainLink } from './auditExportReadModel.ts';

/** Small look-ups the records, reports and CLI make before they act. Reads only. */
export interface RecordLookups {
  incidentExists(incidentId: number): boolean;
  /** The incident's ID from its number as printed (INC-2026-0001); null when there is none. */
  incidentIdByNumber(number: string): number | null;
  /** The newest event of the audit chain; null when nothing is recorded yet. */
  chainHead(): ChainLink | null;
  /** The hashes of the events at `seqs` (seqs the chain does not hold are absent). */
  chainHashesAt(seqs: readonly number[]): Map<number, string>;
  /** Items whose tracking number or scanned code (as intake keys it) is `code`. */
  custodyIdsByCode(code: string): string[];
  /** Whether `station` (this one) recorded its receipt of `custodyId` handed over by `fromStation` (custody between stations). */
  stationReceiptRecorded(station: string, fromStation: string, custodyId: string): boolean;
}

export class SqliteRecordLookups implements RecordLookups {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  stationReceiptRecorded(station: string, fromStation: string, custodyId: string): boolean {
    // The receipts are events about this station (the subject index finds them among its few).
    return (
      this.#db
        .prepare<[string, string, string]>(
          `SELECT 1 FROM audit_events WHERE subject_type = 'station' AND subject_id = ? AND kind = 'custody.receivedFromStation'
             AND json_extract(payload, '$.fromStation') = ? AND json_extract(payload, '$.custodyId') = ? LIMIT 1`,
        )
        .get(station, fromStation, custodyId) !== undefined
    );
  }

  incidentExists(incidentId: number): boolean {
    return this.#db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(incidentId) !== undefined;
  }

  incidentIdByNumber(number: string): number | null {
    return this.#db.prepare<[string], { id: number }>('SELECT id FROM incidents WHERE number = ?').get(number)?.id ?? null;
  }

  chainHead(): ChainLink | null {
    return this.#db.prepare<[], ChainLink>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null;
  }

  chainHashesAt(seqs: readonly number[]): Map<number, string> {
    const read = this.#db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
    const hashes = new Map<number, string>();
    for (const seq of seqs) {
      const row = read.get(seq);
      if (row) hashes.set(seq, row.hash);
    }
    return hashes;
  }

  custodyIdsByCode(code: string): string[] {
    return this.#db
      .prepare<[string, string], { custody_id: string }>('SELECT custody_id FROM items WHERE tracking_number = ? OR match_key = ?')
      .all(code, code)
      .map((row) => row.custody_id);
  }
}
