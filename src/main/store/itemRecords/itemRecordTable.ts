import type Database from 'better-sqlite3';
import type { TableReplay } from '../replay/index.ts';
import type { RowSource } from '../rowSource.ts';

/** `IN` the custody IDs of a purge batch (bound as `@ids`, a JSON array). */
export const OF_PURGED_ITEMS = 'IN (SELECT value FROM json_each(@ids))';

/**
 * A row's key as verify names an item's n-th record, `<custody ID>/<n>` (n counts the item's rows by
 * id), from its row id: the query a numbered row source (rowSource.ts) asks for a row it cannot
 * number as it reads.
 */
export function numberedRowKey(table: string): string {
  return `SELECT r.custody_id || '/' || (SELECT count(*) FROM ${table} o WHERE o.custody_id = r.custody_id AND o.id <= r.id) FROM ${table} r WHERE r.id = ?`;
}

/**
 * Image files in the image store that a table's rows name (an X-ray scan's picture). A purge of the
 * items lists them before it deletes the rows and removes the files after its transaction commits
 * (a rolled-back purge must not have lost evidence), but never a file whose content another row
 * still names; a restore points the rows at the images it restored. (The image retention class,
 * which unlinks old pictures but keeps their records, is the X-ray scans' alone: purgeRepository.ts.)
 */
export interface RecordedImages {
  /** `id, custody_id, image_sha256, image_file` of the rows of the items `@ids` (a JSON array) that name one. */
  ofItems: string;
  /** One row when some row still names an image with this SHA-256 (the one positional parameter). */
  stillNamed: string;
  /** `id, image_file` of every row that names a file. */
  named: string;
  /** Points the row whose id is the second parameter at the file named by the first. */
  relink: string;
}

/**
 * One table of records an item gathers on its way (a weighing, a skipped step, an inspection, an
 * X-ray scan, a custody transfer): everything the store does with it beyond its migration, in one
 * place. `verify` replays it, compares it and lists it in its help; a purge of the item removes its
 * rows (and files); the services reach it through its repository. A table is known to all of them
 * by being in ITEM_RECORD_TABLES (itemRecords/index.ts).
 */
export interface ItemRecordTable<Table extends string = string, Repository = unknown> {
  /** The SQL table: one row per record, each naming its item by `custody_id`. */
  readonly table: Table;
  /**
   * false when the table's key is not its item's (an X-ray scan's reference, which an event of
   * another item may name): its replay is not split by item but kept whole with the station-wide
   * tables (replay/parts.ts). Otherwise its keys are `<custody ID>/<n>`.
   */
  readonly keyedByItem?: false;
  /** A fresh fold of the audit events into the rows this table must hold. */
  replay(): TableReplay & { readonly table: Table };
  /** How verify reads the rows the table holds, in the replay's column names. */
  readonly rows: RowSource;
  /** The DELETE of the rows of purged items: `@ids` their custody IDs, `@incidents` the ids of the incidents going with them (JSON arrays). */
  readonly purge: string;
  /** The image files its rows name, removed with them; absent when its rows name no file. */
  readonly images?: RecordedImages;
  /** What `verify --help` says of this table: the columns compared, and what is not compared. */
  readonly verifyHelp: { readonly checks: string; readonly unchecked: string };
  /** Writes and reads the table for the services. */
  repository(db: Database.Database): Repository;
}
