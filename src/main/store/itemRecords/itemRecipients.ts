import type Database from 'better-sqlite3';
import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { carried, operatorIdOf, PerItemRecords, type ExpectedRow } from '../replay/index.ts';
import { OF_PURGED_ITEMS, type ItemRecordTable } from './itemRecordTable.ts';

/** item_recipients: each `item.recipientChosen`, in order (the last one is the item's recipient). */
export class ItemRecipientsReplay extends PerItemRecords {
  readonly table = 'item_recipients';
  readonly columns = ['person_key', 'name', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.recipientChosen') return null;
    return { person_key: carried(event.payload, 'personKey'), name: carried(event.payload, 'name'), operator_id: operatorIdOf(event.actor) };
  }
}

/** The recipient chosen for an item: a directory person's key, or null for a typed name. */
export interface ChosenRecipient {
  personKey: string | null;
  /** The person's name when chosen, or the name typed. */
  name: string;
  operatorId: string;
  at: string;
}

export class ItemRecipientRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(custodyId: string, chosen: ChosenRecipient): void {
    this.#db
      .prepare('INSERT INTO item_recipients (custody_id, person_key, name, operator_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(custodyId, chosen.personKey, chosen.name, chosen.operatorId, chosen.at);
  }

  /** The item's recipient: the last choice made, or null when none was. */
  latest(custodyId: string): ChosenRecipient | null {
    const row = this.#db.prepare('SELECT person_key, name, operator_id, at FROM item_recipients WHERE custody_id = ? ORDER BY id DESC LIMIT 1').get(custodyId) as
      | { person_key: string | null; name: string; operator_id: string; at: string }
      | undefined;
    return row ? { personKey: row.person_key, name: row.name, operatorId: row.operator_id, at: row.at } : null;
  }
}

export const ITEM_RECIPIENTS = {
  table: 'item_recipients',
  replay: () => new ItemRecipientsReplay(),
  rows: {
    sql: `SELECT custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY custody_id ORDER BY id) AS key, id AS row_id, custody_id AS subject, id AS ordinal,
      person_key, name, operator_id FROM item_recipients ORDER BY id`,
  },
  purge: `DELETE FROM item_recipients WHERE custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: { checks: 'each in order: the directory person (or none, for a typed name), the name, the operator', unchecked: "a choice's at" },
  repository: (db) => new ItemRecipientRepository(db),
} as const satisfies ItemRecordTable<'item_recipients', ItemRecipientRepository>;
