import type Database from 'better-sqlite3';
import { ITEM_RECORD_TABLES, type ItemRecordTable } from './itemRecords/index.ts';
import { FINAL_ITEM_STATES } from './retention.ts';

const FINAL_SQL = FINAL_ITEM_STATES.map((s) => `'${s}'`).join(', ');

/** The oldest disposition each record class keeps (ISO); null keeps the class for ever. */
export interface PurgeCutoffs {
  items: string | null;
  incidents: string | null;
  images: string | null;
  recipients: string | null;
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

// An item whose recipient's personal data is past the recipients retention and not protected. The
// same words as an item purge's, so a hold or a kept incident protects the proof as it does the item.
const RECIPIENT_DATA_PAST = `(@recipients IS NOT NULL AND items.state IN (${FINAL_SQL}) AND items.updated_at < @recipients
    AND NOT ${ITEM_HELD} AND NOT ${INCIDENT_KEEPS_ITEM})`;

/**
 * A signature or photo (`proof.sha256`) may be shared by several hand-overs (items taken at once):
 * its bytes go only when no hand-over of an item still kept (within retention, on hold, in a kept
 * incident) names it. `items` inside is the kept hand-over's own item.
 */
const namedByKeptItem = (column: 'signature_sha256' | 'photo_sha256') =>
  `EXISTS (SELECT 1 FROM collections k JOIN items ON items.custody_id = k.custody_id WHERE k.${column} = proof.sha256 AND NOT ${RECIPIENT_DATA_PAST})`;

/** Signatures or photos named by the hand-overs of `custodyIdsSql` whose bytes the recipients class may remove. */
const purgeableProof = (table: 'signatures' | 'collection_photos', column: 'signature_sha256' | 'photo_sha256', custodyIdsSql: string) =>
  `SELECT proof.sha256 FROM ${table} proof WHERE proof.purged_at IS NULL
    AND proof.sha256 IN (SELECT ${column} FROM collections WHERE custody_id ${custodyIdsSql} AND ${column} IS NOT NULL)
    AND NOT ${namedByKeptItem(column)}`;

const FINISHED_NOTICE = `state IN ('done', 'failed')`;

/**
 * A hand-over's receipt is one notice, filed under its first item (notice_jobs.custody_id), but it
 * is each of its items' (their history shows it): it stays while another item of the hand-over keeps
 * its recipient data (within retention, on hold, in a kept incident). `job` is the notice_jobs row.
 */
const receiptKeptByAnotherItem = (job: string) =>
  `(${job}.notice = 'receipt' AND EXISTS (SELECT 1 FROM collections mine
    JOIN collections other ON other.collection_id = mine.collection_id AND other.custody_id <> mine.custody_id
    JOIN items ON items.custody_id = other.custody_id
    WHERE mine.custody_id = ${job}.custody_id AND NOT ${RECIPIENT_DATA_PAST}))`;
/** A finished notice of `job`'s item that the recipients class may remove. */
const purgeableNotice = (job: string) => `${job}.${FINISHED_NOTICE} AND NOT ${receiptKeptByAnotherItem(job)}`;

/** Items past the recipients retention, not protected, that still hold some of their recipient's personal data. */
function purgeableRecipientDataSql(extra = ''): string {
  const hasProof = (table: 'signatures' | 'collection_photos', column: 'signature_sha256' | 'photo_sha256') =>
    `EXISTS (SELECT 1 FROM collections c JOIN ${table} proof ON proof.sha256 = c.${column}
      WHERE c.custody_id = items.custody_id AND proof.purged_at IS NULL AND NOT ${namedByKeptItem(column)})`;
  return `SELECT items.custody_id FROM items
  WHERE ${RECIPIENT_DATA_PAST} AND (
    EXISTS (SELECT 1 FROM collections c WHERE c.custody_id = items.custody_id AND c.id_number IS NOT NULL)
    OR EXISTS (SELECT 1 FROM notice_jobs j WHERE j.custody_id = items.custody_id AND ${purgeableNotice('j')})
    OR ${hasProof('signatures', 'signature_sha256')}
    OR ${hasProof('collection_photos', 'photo_sha256')}) ${extra}
  ORDER BY items.updated_at, items.custody_id`;
}

/** What a purge takes of the recipients' personal data: counts, and the fingerprints of the signatures and photos. */
export interface PersonalDataPurged {
  idNumbers: number;
  notices: number;
  signatures: string[];
  photos: string[];
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
 * An item purged whole takes its notices, but a hand-over's receipt, filed under its first item,
 * is the hand-over's: while another of its items stays (held, in a kept incident, within
 * retention) the receipt is filed under that one instead (the lowest custody ID), so it stays on
 * the kept item's history and goes with that item's recipient data. `job` is the notice_jobs row.
 */
const keptItemOfReceipt = (job: string) =>
  `(SELECT min(other.custody_id) FROM collections mine JOIN collections other ON other.collection_id = mine.collection_id
    WHERE mine.custody_id = ${job}.custody_id AND other.custody_id NOT ${IN_IDS})`;
const receiptStaysWithHandOver = (job: string) => `(${job}.notice = 'receipt' AND ${keptItemOfReceipt(job)} IS NOT NULL)`;

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
  readonly #refileReceipts: Database.Statement;
  readonly #stillNamed: Database.Statement[];
  readonly #images: Database.Statement<Record<string, unknown>, ScanRow>;
  readonly #recheckImages: Database.Statement<Record<string, unknown>, ScanRow>;
  readonly #unlinkImages: Database.Statement;
  readonly #proofOfItems: { signatures: Database.Statement<{ ids: string }, string>; photos: Database.Statement<{ ids: string }, string> };
  readonly #personalOfItems: { idNumbers: Database.Statement; notices: Database.Statement; signatures: Database.Statement; photos: Database.Statement };
  readonly #deleteUnnamedProof: { signatures: Database.Statement<{ ids: string }, string>; photos: Database.Statement<{ ids: string }, string> };
  readonly #recipientData: Database.Statement;
  readonly #recheckRecipientData: Database.Statement;
  readonly #countRecipientData: { idNumbers: Database.Statement; notices: Database.Statement; signatures: Database.Statement; photos: Database.Statement };
  readonly #removeRecipientData: { idNumbers: Database.Statement; notices: Database.Statement; signatures: Database.Statement; photos: Database.Statement };

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
    // custody_id is generated from the payload's custodyId: the receipt is re-filed there (the message and its hash are untouched).
    this.#refileReceipts = db.prepare(
      `UPDATE notice_jobs SET payload = json_set(payload, '$.custodyId', ${keptItemOfReceipt('notice_jobs')})
       WHERE custody_id ${IN_IDS} AND ${receiptStaysWithHandOver('notice_jobs')}`,
    );
    this.#stillNamed = withImages.map((images) => db.prepare(images.stillNamed).pluck());
    this.#images = db.prepare<Record<string, unknown>, ScanRow>(purgeableImagesSql());
    this.#recheckImages = db.prepare<Record<string, unknown>, ScanRow>(purgeableImagesSql(`AND x.id ${IN_IDS}`));
    this.#unlinkImages = db.prepare(`UPDATE xray_scans SET image_file = NULL WHERE id ${IN_IDS}`);

    // Signatures and photos are rows of their own, named by the hand-overs: an item purged whole
    // takes those no remaining hand-over names (a shared one stays while another item keeps it).
    this.#proofOfItems = {
      signatures: db.prepare<{ ids: string }, string>(`SELECT DISTINCT signature_sha256 FROM collections WHERE custody_id ${IN_IDS} AND signature_sha256 IS NOT NULL`).pluck(),
      photos: db.prepare<{ ids: string }, string>(`SELECT DISTINCT photo_sha256 FROM collections WHERE custody_id ${IN_IDS} AND photo_sha256 IS NOT NULL`).pluck(),
    };
    this.#deleteUnnamedProof = {
      signatures: db
        .prepare<{ ids: string }, string>(`DELETE FROM signatures WHERE sha256 ${IN_IDS} AND NOT EXISTS (SELECT 1 FROM collections WHERE signature_sha256 = signatures.sha256) RETURNING sha256`)
        .pluck(),
      photos: db
        .prepare<{ ids: string }, string>(`DELETE FROM collection_photos WHERE sha256 ${IN_IDS} AND NOT EXISTS (SELECT 1 FROM collections WHERE photo_sha256 = collection_photos.sha256) RETURNING sha256`)
        .pluck(),
    };

    const onlyOf = (column: 'signature_sha256' | 'photo_sha256') =>
      `SELECT DISTINCT c.${column} FROM collections c WHERE c.custody_id ${IN_IDS} AND c.${column} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM collections o WHERE o.${column} = c.${column} AND o.custody_id NOT ${IN_IDS})`;
    this.#personalOfItems = {
      idNumbers: db.prepare(`SELECT count(*) FROM collections WHERE custody_id ${IN_IDS} AND id_number IS NOT NULL`).pluck(),
      notices: db.prepare(`SELECT count(*) FROM notice_jobs WHERE custody_id ${IN_IDS} AND NOT ${receiptStaysWithHandOver('notice_jobs')}`).pluck(),
      signatures: db.prepare(onlyOf('signature_sha256')).pluck(),
      photos: db.prepare(onlyOf('photo_sha256')).pluck(),
    };

    this.#recipientData = db.prepare(purgeableRecipientDataSql()).pluck();
    this.#recheckRecipientData = db.prepare(purgeableRecipientDataSql(`AND items.custody_id ${IN_IDS}`)).pluck();
    this.#countRecipientData = {
      idNumbers: db.prepare(`SELECT count(*) FROM collections WHERE custody_id ${IN_IDS} AND id_number IS NOT NULL`).pluck(),
      notices: db.prepare(`SELECT count(*) FROM notice_jobs WHERE custody_id ${IN_IDS} AND ${purgeableNotice('notice_jobs')}`).pluck(),
      signatures: db.prepare(purgeableProof('signatures', 'signature_sha256', IN_IDS)).pluck(),
      photos: db.prepare(purgeableProof('collection_photos', 'photo_sha256', IN_IDS)).pluck(),
    };
    // The hand-over keeps who collected, for whom and on whose word, and the fingerprints; the ID
    // number, the strokes, the SVG, the JPEG and the finished notices (addressees, message, the
    // receipt's signature attachment) go. A notice still queued or sending is still being handled.
    this.#removeRecipientData = {
      // The salt goes with the number: the hash in the chain then names no number at all.
      idNumbers: db.prepare(`UPDATE collections SET id_number = NULL, id_number_salt = NULL WHERE custody_id ${IN_IDS} AND id_number IS NOT NULL`),
      notices: db.prepare(`DELETE FROM notice_jobs WHERE custody_id ${IN_IDS} AND ${purgeableNotice('notice_jobs')}`),
      signatures: db.prepare(`UPDATE signatures SET strokes = '', svg = '', purged_at = @at WHERE sha256 IN (${purgeableProof('signatures', 'signature_sha256', IN_IDS)}) RETURNING sha256`).pluck(),
      photos: db.prepare(`UPDATE collection_photos SET jpeg = x'', purged_at = @at WHERE sha256 IN (${purgeableProof('collection_photos', 'photo_sha256', IN_IDS)}) RETURNING sha256`).pluck(),
    };
  }

  #bind(ids: readonly (string | number)[]) {
    return { items: this.#cut.items, incidents: this.#cut.incidents, images: this.#cut.images, recipients: this.#cut.recipients, ids: JSON.stringify(ids) };
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

  /** The signatures and photos these items' hand-overs name (what an item purge may take with them). */
  proofOf(custodyIds: readonly string[]): { signatures: string[]; photos: string[] } {
    const ids = JSON.stringify(custodyIds);
    return { signatures: this.#proofOfItems.signatures.all({ ids }), photos: this.#proofOfItems.photos.all({ ids }) };
  }

  /**
   * Removes these items with everything recorded about them, and these incidents, and the
   * signatures and photos no remaining hand-over names. In a transaction. Returns those removed.
   */
  deleteItems(custodyIds: readonly string[], incidentIds: readonly number[]): PersonalDataPurged {
    // Items and incidents reference each other; the checks run at commit, when both are gone.
    this.#db.pragma('defer_foreign_keys = ON');
    const proof = this.proofOf(custodyIds);
    const params = { ids: JSON.stringify(custodyIds), incidents: JSON.stringify(incidentIds) };
    const idNumbers = Number(this.#personalOfItems.idNumbers.get({ ids: params.ids }) ?? 0);
    const notices = Number(this.#personalOfItems.notices.get({ ids: params.ids }) ?? 0);
    // As for the recipients class: what is deleted is overwritten with zeros, not left in free pages.
    const secure = this.#db.pragma('secure_delete', { simple: true }) as number;
    this.#db.pragma('secure_delete = ON');
    try {
      // Before the hand-overs' rows go: they say which item keeps the receipt.
      this.#refileReceipts.run({ ids: params.ids });
      for (const statement of this.#deleteItemRecords) statement.run(params);
      return {
        idNumbers,
        notices,
        signatures: this.#deleteUnnamedProof.signatures.all({ ids: JSON.stringify(proof.signatures) }),
        photos: this.#deleteUnnamedProof.photos.all({ ids: JSON.stringify(proof.photos) }),
      };
    } finally {
      this.#db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    }
  }

  /** The recipients' personal data that purging these items whole would take with them (a dry run). */
  personalDataOfItems(custodyIds: readonly string[]): PersonalDataPurged {
    const params = { ids: JSON.stringify(custodyIds) };
    return {
      idNumbers: Number(this.#personalOfItems.idNumbers.get(params) ?? 0),
      notices: Number(this.#personalOfItems.notices.get(params) ?? 0),
      signatures: this.#personalOfItems.signatures.all(params) as string[],
      photos: this.#personalOfItems.photos.all(params) as string[],
    };
  }

  /** Custody IDs of the items whose recipient's personal data is past retention, not protected and not yet purged, oldest first. */
  purgeableRecipientData(): string[] {
    return this.#recipientData.all(this.#bind([])) as string[];
  }

  /** Those of `candidates` whose recipient data is still purgeable now (re-checked in the caller's transaction). */
  stillPurgeableRecipientData(candidates: readonly string[]): string[] {
    return this.#recheckRecipientData.all(this.#bind(candidates)) as string[];
  }

  /** What removing these items' recipient data would take (a dry run). */
  recipientDataOf(custodyIds: readonly string[]): PersonalDataPurged {
    const params = this.#bind(custodyIds);
    const count = (statement: Database.Statement) => Number(statement.get(params) ?? 0);
    return {
      idNumbers: count(this.#countRecipientData.idNumbers),
      notices: count(this.#countRecipientData.notices),
      signatures: this.#countRecipientData.signatures.all(params) as string[],
      photos: this.#countRecipientData.photos.all(params) as string[],
    };
  }

  /**
   * Removes these items' recipient data, keeping the items and their hand-overs' fingerprints. In a
   * transaction. Freed pages are overwritten with zeros, so the bytes do not linger in the file.
   */
  removeRecipientData(custodyIds: readonly string[], at: string): PersonalDataPurged {
    const params = { ...this.#bind(custodyIds), at };
    const secure = this.#db.pragma('secure_delete', { simple: true }) as number;
    this.#db.pragma('secure_delete = ON');
    try {
      return {
        // The proof first: whether a signature is still named by a kept item does not depend on the ID numbers or notices.
        signatures: this.#removeRecipientData.signatures.all(params) as string[],
        photos: this.#removeRecipientData.photos.all(params) as string[],
        idNumbers: this.#removeRecipientData.idNumbers.run(params).changes,
        notices: this.#removeRecipientData.notices.run(params).changes,
      };
    } finally {
      this.#db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
    }
  }

  /**
   * After a purge: the write-ahead log copied into the database file and cut to nothing, so the pages
   * as they were before it (what the purge removed) are in neither file. A reader in the middle of a
   * long read keeps the log from being cut: its old pages are then overwritten as the station writes.
   */
  truncateWriteAheadLog(): void {
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
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
