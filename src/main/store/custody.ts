import type Database from 'better-sqlite3';
import type { CustodyParty, CustodyTransferView } from '../../shared/contract/index.ts';

interface TransferRow {
  id: number;
  kind: CustodyTransferView['kind'];
  released_by: string;
  received_by: string;
  reason: string;
  seal_numbers: string;
  seal_intact: number | null;
  location: string | null;
  second_by: string | null;
  at: string;
}

export type NewCustodyTransfer = Omit<CustodyTransferView, 'id'> & { incidentId: number | null; recordedBy: string };

/** The chain of custody of quarantined items: every hand from discovery to disposition. */
export class CustodyRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  insert(custodyId: string, t: NewCustodyTransfer): void {
    this.#db
      .prepare(
        `INSERT INTO custody_transfers (custody_id, incident_id, kind, released_by, received_by, reason, seal_numbers, seal_intact, location, second_by, recorded_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        custodyId,
        t.incidentId,
        t.kind,
        JSON.stringify(t.releasedBy),
        JSON.stringify(t.receivedBy),
        t.reason,
        JSON.stringify(t.sealNumbers),
        t.sealIntact === null ? null : t.sealIntact ? 1 : 0,
        t.location,
        t.secondBy,
        t.recordedBy,
        t.at,
      );
  }

  forItem(custodyId: string): CustodyTransferView[] {
    const rows = this.#db.prepare('SELECT * FROM custody_transfers WHERE custody_id = ? ORDER BY id').all(custodyId) as TransferRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      releasedBy: JSON.parse(r.released_by) as CustodyParty,
      receivedBy: JSON.parse(r.received_by) as CustodyParty,
      reason: r.reason,
      sealNumbers: JSON.parse(r.seal_numbers) as string[],
      sealIntact: r.seal_intact === null ? null : r.seal_intact === 1,
      location: r.location,
      secondBy: r.second_by,
      at: r.at,
    }));
  }

  /** Who holds the item now: the receiver of the latest transfer. */
  currentHolder(custodyId: string): CustodyParty | null {
    return this.forItem(custodyId).at(-1)?.receivedBy ?? null;
  }
}
