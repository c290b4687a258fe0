import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CustodyParty, type CustodyTransferView } from '../../shared/contract/index.ts';
import { parseStoredJson } from './storedJson.ts';

const StoredSealNumbers = z.array(z.string());

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
    return rows.map((r) => {
      const at = (column: string) => ({ table: 'custody_transfers', column, key: `id ${r.id}` });
      return {
        id: r.id,
        kind: r.kind,
        releasedBy: parseStoredJson(CustodyParty, r.released_by, at('released_by')),
        receivedBy: parseStoredJson(CustodyParty, r.received_by, at('received_by')),
        reason: r.reason,
        sealNumbers: parseStoredJson(StoredSealNumbers, r.seal_numbers, at('seal_numbers')),
        sealIntact: r.seal_intact === null ? null : r.seal_intact === 1,
        location: r.location,
        secondBy: r.second_by,
        at: r.at,
      };
    });
  }

  /** Who holds the item now: the receiver of the latest transfer. */
  currentHolder(custodyId: string): CustodyParty | null {
    return this.forItem(custodyId).at(-1)?.receivedBy ?? null;
  }
}
