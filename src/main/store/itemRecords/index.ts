// The records an item gathers on its way through screening and custody: one module per table, and
// the one list the store's generic code reads (verify's replay, comparison and help; the purge).
import type Database from 'better-sqlite3';
import { COLLECTIONS } from './collections.ts';
import { CUSTODY_TRANSFERS } from './custodyTransfers.ts';
import { INSPECTIONS } from './inspections.ts';
import { ITEM_RECIPIENTS } from './itemRecipients.ts';
import type { ItemRecordTable } from './itemRecordTable.ts';
import { STEP_SKIPS } from './stepSkips.ts';
import { WEIGHINGS } from './weighings.ts';
import { XRAY_SCANS } from './xrayScans.ts';

export { OF_PURGED_ITEMS, type ItemRecordTable, type RecordedImages } from './itemRecordTable.ts';
export { CollectionRepository, idNumberHmac, idNumberPlain, newIdNumberSalt, type CollectionProof, type CollectionRow, type StoredSignature } from './collections.ts';
export { CustodyRepository, type NewCustodyTransfer } from './custodyTransfers.ts';
export { InspectionRepository } from './inspections.ts';
export { ItemRecipientRepository, type ChosenRecipient } from './itemRecipients.ts';
export { StepSkipRepository } from './stepSkips.ts';
export { WeighingRepository, readingSummary } from './weighings.ts';
export { XrayScanRepository } from './xrayScans.ts';

/**
 * Every table of item records, in the order verify compares them and a purge deletes them. A new
 * one (a screening step's record) is its module and one line here; a table that references an
 * item and is missing here fails test/unit/item-record-tables.test.ts.
 */
export const ITEM_RECORD_TABLES = [WEIGHINGS, STEP_SKIPS, INSPECTIONS, XRAY_SCANS, CUSTODY_TRANSFERS, ITEM_RECIPIENTS, COLLECTIONS] as const satisfies readonly ItemRecordTable[];

type Registered = (typeof ITEM_RECORD_TABLES)[number];

export type ItemRecordTableName = Registered['table'];

/** Each table's repository, by table name: what a service needs of a step's record, typed by the list. */
export type ItemRecordRepositories = { readonly [T in Registered as T['table']]: ReturnType<T['repository']> };

export function itemRecordRepositories(db: Database.Database): ItemRecordRepositories {
  return Object.fromEntries(ITEM_RECORD_TABLES.map((t) => [t.table, t.repository(db)])) as unknown as ItemRecordRepositories;
}
