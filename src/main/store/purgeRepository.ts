import type Database from 'better-sqlite3';
import { ITEM_RECORD_TABLES, type ItemRecordTable } from './itemRecords/index.ts';
import { FINAL_ITEM_STATES } from './retention.ts';

const FINAL_SQL = FINAL_ITEM_STATES.map((s) => `'${s}'`).join(', ');

/** The oldest disposition each record class keeps (ISO); null keeps the class for ever. */
export interface PurgeCutoffs {
  items: string | null;
  incidents: string | null;
  images: string | null;
}

// The conditions that protect a record, written once and shared by every purge query. An item is
// protected by a hold on itself, and by any incident it is part of that is still open, still
// within the incident retention, or on hold. :incidents is NULL when incidents are kept for ever.
const ITEM_HELD = `EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.subject_type = 'item' AND h.subject_id = items.custody_id)`;
const INCIDENT_KEEPS_ITEM = `EXISTS (SELECT 1 FROM incidents n WHERE (n.custody_id = items.custody_id OR n.id = items.incident_id) AND (
    n.closed_at IS NULL OR @incidents IS NULL OR n.closed_at >= @incidents
    OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.subject_type = 'incident' AND h.subject_id = CAST(n.id AS TEXT))))`;

/** Items past the item retention and not protected: they go with their records and incidents. */
function purgeableItemsSql(extra = ''): string {
  return `SELECT items.custody_id FROM items
  WHERE @items IS NOT NULL AND items.state IN (${FINAL_SQL}) AND items.updated_at < @items
    AND NOT ${ITEM_HELD} AND NOT ${INCIDENT_KEEPS_ITEM} ${extra}
  ORDER BY items.updated_at, items.custody_id`;
}

/** Scans whose image is past the image retention, on items that are not protected. */
function purgeableImagesSql(extra = ''): string {
  return `SELECT x.id, x.custody_id, x.image_sha256, x.image_file FROM xray_scans x JOIN items ON items.custody_id = x.custody_id
  WHERE @images IS NOT NULL AND x.image_file IS NOT NULL AND items.state IN (${FINAL_SQL}) AND items.updated_at < @images
    AND NOT ${ITEM_HELD} AND NOT ${INCIDENT_KEEPS_ITEM} ${extra}
  ORDER BY x.id`;
}

/** A record that names an image (an X-ray scan) as a purge sees it: the image it names, if any. */
export interface PurgeScan {
  id: number;
  custodyId: string;
  imageSha256: string | null;
  imageFile: string | null;
}

interface ScanRow {
  id: number;
  custody_id: string;
  image_sha256: string | null;
  image_file: string | null;
}

const toScan = (r: ScanRow): PurgeScan => ({ id: r.id, custodyId: r.custody_id, imageSha256: r.image_sha256, imageFile: r.image_file });

const IN_IDS = 'IN (SELECT value FROM json_each(@ids))';

/**
 * The queries of one purge run, prepared once for these cutoffs. The purge decides what to do and
 * in which transaction; every row it reads or removes goes through here.
 */
export class PurgeRepository {
  readonly #db: Database.Database;
  readonly #cut: PurgeCutoffs;
  readonly #items: Database.Statement;
  readonly #recheckItems: Database.Statement;
  readonly #incidentsOf: Database.Statement<{ ids: string }, { id: number; number: string }>;
  readonly #imagesOf: Array<Database.Statement<{ ids: string }, ScanRow>>;
  readonly #deleteItemRecords: Database.Statement[];
  readonly #stillNamed: Database.Statement[];
  readonly #images: Database.Statement<Record<string, unknown>, ScanRow>;
  readonly #recheckImages: Database.Statement<Record<string, unknown>, ScanRow>;
  readonly #unlinkImages: Database.Statement;

  constructor(db: Database.Database, cut: PurgeCutoffs) {
    this.#db = db;
    this.#cut = cut;
    this.#items = db.prepare(purgeableItemsSql()).pluck();
    this.#recheckItems = db.prepare(purgeableItemsSql(`AND items.custody_id ${IN_IDS}`)).pluck();
    this.#incidentsOf = db.prepare<{ ids: string }, { id: number; number: string }>(
      `SELECT id, number FROM incidents WHERE custody_id ${IN_IDS} OR id IN (SELECT incident_id FROM items WHERE custody_id ${IN_IDS} AND incident_id IS NOT NULL)`,
    );
    const withImages = ITEM_RECORD_TABLES.flatMap((records: ItemRecordTable) => (records.images ? [records.images] : []));
    this.#imagesOf = withImages.map((images) => db.prepare<{ ids: string }, ScanRow>(images.ofItems));
    this.#deleteItemRecords = [
      `DELETE FROM incident_steps WHERE incident_id IN (SELECT value FROM json_each(@incidents))`,
      `DELETE FROM incident_entries WHERE incident_id IN (SELECT value FROM json_each(@incidents))`,
      ...ITEM_RECORD_TABLES.map((records) => records.purge),
      // A notice's addressees and message are the item's recipient's personal data: they go with the item.
      `DELETE FROM notice_jobs WHERE custody_id ${IN_IDS}`,
      `DELETE FROM incidents WHERE id IN (SELECT value FROM json_each(@incidents))`,
      `DELETE FROM items WHERE custody_id ${IN_IDS}`,
    ].map((sql) => db.prepare(sql));
    this.#stillNamed = withImages.map((images) => db.prepare(images.stillNamed).pluck());
    this.#images = db.prepare<Record<string, unknown>, ScanRow>(purgeableImagesSql());
    this.#recheckImages = db.prepare<Record<string, unknown>, ScanRow>(purgeableImagesSql(`AND x.id ${IN_IDS}`));
    this.#unlinkImages = db.prepare(`UPDATE xray_scans SET image_file = NULL WHERE id ${IN_IDS}`);
  }

  #bind(ids: readonly (string | number)[]) {
    return { items: this.#cut.items, incidents: this.#cut.incidents, images: this.#cut.images, ids: JSON.stringify(ids) };
  }

  /** Custody IDs of the items past retention and not protected, oldest first. */
  purgeableItems(): string[] {
    return this.#items.all(this.#bind([])) as string[];
  }

  /** Those of `candidates` still purgeable now: the protection re-checked inside the caller's transaction. */
  stillPurgeableItems(candidates: readonly string[]): string[] {
    return this.#recheckItems.all(this.#bind(candidates)) as string[];
  }

  /** The incidents of these items: their own, and any they are part of. */
  incidentsOf(custodyIds: readonly string[]): Array<{ id: number; number: string }> {
    return this.#incidentsOf.all({ ids: JSON.stringify(custodyIds) });
  }

  /** The records of these items that name an image (their X-ray scans), with or without the file. */
  scansOf(custodyIds: readonly string[]): PurgeScan[] {
    const ids = JSON.stringify(custodyIds);
    return this.#imagesOf.flatMap((statement) => statement.all({ ids }).map(toScan));
  }

  /** Removes these items with everything recorded about them, and these incidents. In a transaction. */
  deleteItems(custodyIds: readonly string[], incidentIds: readonly number[]): void {
    // Items and incidents reference each other; the checks run at commit, when both are gone.
    this.#db.pragma('defer_foreign_keys = ON');
    const params = { ids: JSON.stringify(custodyIds), incidents: JSON.stringify(incidentIds) };
    for (const statement of this.#deleteItemRecords) statement.run(params);
  }

  /** Whether any scan still names an image with this content (shared content stays on disk). */
  imageStillNamed(sha256: string): boolean {
    return this.#stillNamed.some((statement) => statement.get(sha256) !== undefined);
  }

  /** Scans whose image is past the image retention, on items that are not protected. */
  purgeableImages(): PurgeScan[] {
    return this.#images.all(this.#bind([])).map(toScan);
  }

  /** Those of these scans whose image is still purgeable now (re-checked in the caller's transaction). */
  stillPurgeableImages(scanIds: readonly number[]): PurgeScan[] {
    return this.#recheckImages.all(this.#bind(scanIds)).map(toScan);
  }

  /** The scan record and its fingerprint stay: only the link to the picture goes. */
  unlinkImages(scanIds: readonly number[]): void {
    this.#unlinkImages.run({ ids: JSON.stringify(scanIds) });
  }
}
