import { createHmac, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { operatorIdOf, PerItemRecords, text, NOT_RECORDED, type ExpectedCell, type ExpectedRow } from '../replay/index.ts';
import { OF_PURGED_ITEMS, type ItemRecordTable } from './itemRecordTable.ts';

const COLUMNS = [
  'collection_id',
  'recipient_key',
  'recipient_name',
  'collector',
  'proxy_key',
  'proxy_name',
  'authority',
  'authorised_by',
  'id_number',
  'signature_sha256',
  'photo_sha256',
  'operator_id',
] as const;

/**
 * The part of an item.delivered event's receivedBy that a hand-over at the counter writes (kind
 * 'collection'). The ID document's number is not in it: the chain cannot be edited, so what it holds
 * outlives every retention. It holds `idNumberHmac`, the number's HMAC under a salt of the
 * hand-over's own that stays in the collections row beside the number and goes with it when the
 * recipients retention purges them: from then on the hash names no number, not even to whoever
 * holds the database and tries every possible one. (Events written before kept `idNumber` in plain
 * text; the chain keeps them as they are.)
 */
export type CollectionProof = {
  kind: 'collection';
  collectionId: string;
  recipientKey: string;
  recipientName: string;
  collector: 'recipient' | 'proxy';
  proxyKey: string | null;
  proxyName: string | null;
  authority: 'standingProxy' | 'departmentContact' | null;
  authorisedBy: string | null;
  idNumberHmac: string | null;
  signatureSha256: string | null;
  photoSha256: string | null;
};

/** A new hand-over's salt for its ID number: 32 random bytes, hex. */
export const newIdNumberSalt = (): string => randomBytes(32).toString('hex');

/**
 * The ID number as the chain records it: HMAC-SHA256 keyed by the hand-over's salt over the number
 * without case, spaces, dots, dashes or slashes ("p 123-4567" is the document "P1234567" typed
 * another way), so the number read again from the document in hand matches.
 */
export function idNumberHmac(salt: string, idNumber: string): string {
  return createHmac('sha256', Buffer.from(salt, 'hex')).update(`mailscreen-id-number\n${idNumberPlain(idNumber)}`).digest('hex');
}

/** The number as it is compared: without case, spaces, dots, dashes or slashes. */
export const idNumberPlain = (idNumber: string): string => idNumber.normalize('NFKC').toUpperCase().replace(/[\s./-]/g, '');

// The id_number cell as verify compares it: an event with the hash expects this text, which the row's
// number and salt must give; an event of before kept the number itself.
const HASHED = 'hmac-sha256:';

/** The id_number cell of a row: its number's hash under its salt, or (a row of before, without a salt) the number as it is. */
function idNumberCell(row: Record<string, unknown>): string | null {
  const number = row.id_number;
  if (number === null || number === undefined) return null;
  const salt = row.id_number_salt;
  if (typeof salt === 'string' && /^[0-9a-f]{64}$/.test(salt)) return HASHED + idNumberHmac(salt, String(number));
  // A hash copied into the number with the salt taken away is not the number the chain names.
  return String(number).startsWith(HASHED) ? `${String(number)} (without its salt)` : String(number);
}

/** The id_number cell an event expects: the hash it recorded, or (an event of before) the number. */
function expectedIdNumber(proof: Readonly<Record<string, unknown>>): ExpectedCell {
  if (Object.hasOwn(proof, 'idNumberHmac')) return typeof proof.idNumberHmac === 'string' ? HASHED + proof.idNumberHmac : null;
  return Object.hasOwn(proof, 'idNumber') ? (text(proof.idNumber) as ExpectedCell) : NOT_RECORDED;
}

/** The event's field of each column; null for those the replay works out otherwise (the operator, the ID number). */
const FIELD_OF: Readonly<Record<(typeof COLUMNS)[number], keyof CollectionProof | null>> = {
  collection_id: 'collectionId',
  recipient_key: 'recipientKey',
  recipient_name: 'recipientName',
  collector: 'collector',
  proxy_key: 'proxyKey',
  proxy_name: 'proxyName',
  authority: 'authority',
  authorised_by: 'authorisedBy',
  id_number: null,
  signature_sha256: 'signatureSha256',
  photo_sha256: 'photoSha256',
  operator_id: null,
};

/** collections: one row for each item.delivered that a hand-over at the counter recorded (its receivedBy is the proof). */
export class CollectionsReplay extends PerItemRecords {
  readonly table = 'collections';
  readonly columns = COLUMNS;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.delivered') return null;
    const proof = event.payload.receivedBy;
    if (!proof || proof.kind !== 'collection') return null;
    const row: ExpectedRow = {};
    for (const column of COLUMNS) {
      const field = FIELD_OF[column];
      row[column] =
        column === 'id_number' ? expectedIdNumber(proof) : field === null ? operatorIdOf(event.actor) : Object.hasOwn(proof, field) ? (text(proof[field]) as ExpectedCell) : NOT_RECORDED;
    }
    return row;
  }

  override fold(event: CataloguedAuditEvent): void {
    super.fold(event);
    // The recipients retention class took the ID numbers of these items' hand-overs; the rest stays.
    if (event.kind !== 'records.purged') return;
    for (const id of event.payload.recipients?.custodyIds ?? []) {
      this.rows().editSubject(id, (row) => {
        row.id_number = null;
      });
    }
  }
}

export interface StoredSignature {
  sha256: string;
  width: number;
  height: number;
  strokes: string;
  svg: string;
  svgSha256: string;
}

/** A hand-over's row: the proof the chain holds, but the ID number itself and its salt (which a purge may remove) for its hash. */
export type CollectionRow = Omit<CollectionProof, 'idNumberHmac'> & {
  custodyId: string;
  operatorId: string;
  at: string;
  idNumber: string | null;
  idNumberSalt: string | null;
};

/** The counter's records: each item handed over, its signature and photo, and the items waiting for a person. */
export class CollectionRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(row: CollectionRow): void {
    this.#db
      .prepare(
        `INSERT INTO collections (collection_id, custody_id, recipient_key, recipient_name, collector, proxy_key, proxy_name, authority, authorised_by,
          id_number, id_number_salt, signature_sha256, photo_sha256, operator_id, at)
         VALUES (@collectionId, @custodyId, @recipientKey, @recipientName, @collector, @proxyKey, @proxyName, @authority, @authorisedBy,
          @idNumber, @idNumberSalt, @signatureSha256, @photoSha256, @operatorId, @at)`,
      )
      .run({ ...row });
  }

  /** Stored once per content: the same signature on two hand-overs is one row. */
  putSignature(signature: StoredSignature): void {
    // A purge under the recipients retention left the fingerprint without the strokes: the same signature drawn again brings them back.
    this.#db
      .prepare(
        `INSERT INTO signatures (sha256, width, height, strokes, svg, svg_sha256) VALUES (@sha256, @width, @height, @strokes, @svg, @svgSha256)
         ON CONFLICT (sha256) DO UPDATE SET strokes = excluded.strokes, svg = excluded.svg, svg_sha256 = excluded.svg_sha256, purged_at = NULL WHERE purged_at IS NOT NULL`,
      )
      .run({ ...signature });
  }

  putPhoto(sha256: string, jpeg: Buffer): void {
    this.#db
      .prepare('INSERT INTO collection_photos (sha256, jpeg, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET jpeg = excluded.jpeg, purged_at = NULL WHERE purged_at IS NOT NULL')
      .run(sha256, jpeg, jpeg.length);
  }

  /** A signature as drawn; null when none has this fingerprint or a purge removed its strokes. */
  signature(sha256: string): StoredSignature | null {
    const row = this.#db.prepare('SELECT sha256, width, height, strokes, svg, svg_sha256 FROM signatures WHERE sha256 = ? AND purged_at IS NULL').get(sha256) as
      | { sha256: string; width: number; height: number; strokes: string; svg: string; svg_sha256: string }
      | undefined;
    return row ? { sha256: row.sha256, width: row.width, height: row.height, strokes: row.strokes, svg: row.svg, svgSha256: row.svg_sha256 } : null;
  }

  /** The latest hand-over of an item at the counter, or null. */
  forItem(custodyId: string): CollectionRow | null {
    const row = this.#db
      .prepare(
        `SELECT collection_id, custody_id, recipient_key, recipient_name, collector, proxy_key, proxy_name, authority, authorised_by, id_number,
          id_number_salt, signature_sha256, photo_sha256, operator_id, at FROM collections WHERE custody_id = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(custodyId) as Record<string, string | null> | undefined;
    if (!row) return null;
    return {
      kind: 'collection',
      collectionId: String(row.collection_id),
      custodyId: String(row.custody_id),
      recipientKey: String(row.recipient_key),
      recipientName: String(row.recipient_name),
      collector: row.collector === 'proxy' ? 'proxy' : 'recipient',
      proxyKey: row.proxy_key ?? null,
      proxyName: row.proxy_name ?? null,
      authority: row.authority === 'standingProxy' || row.authority === 'departmentContact' ? row.authority : null,
      authorisedBy: row.authorised_by ?? null,
      idNumber: row.id_number ?? null,
      idNumberSalt: row.id_number_salt ?? null,
      signatureSha256: row.signature_sha256 ?? null,
      photoSha256: row.photo_sha256 ?? null,
      operatorId: String(row.operator_id),
      at: String(row.at),
    };
  }

  /** The people whose standing proxy this person is (their badge scanned at the counter to collect for others). */
  standingProxyOf(proxyKey: string): string[] {
    return (this.#db.prepare('SELECT person_key FROM directory_proxies WHERE proxy_key = ? ORDER BY person_key').all(proxyKey) as Array<{ person_key: string }>).map((r) => r.person_key);
  }

  /** The custody IDs of the cleared items whose recipient (the last one chosen) is this directory person, oldest first. */
  waitingFor(personKey: string, limit = 200): string[] {
    return (
      this.#db
        .prepare(
          `SELECT r.custody_id FROM item_recipients r JOIN items i ON i.custody_id = r.custody_id
           WHERE r.person_key = ? AND i.state = 'CLEARED'
             AND r.id = (SELECT max(id) FROM item_recipients WHERE custody_id = r.custody_id)
           ORDER BY i.updated_at, i.custody_id LIMIT ?`,
        )
        .all(personKey, limit) as Array<{ custody_id: string }>
    ).map((r) => r.custody_id);
  }
}

export const COLLECTIONS = {
  table: 'collections',
  replay: () => new CollectionsReplay(),
  rows: {
    sql: `SELECT custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY custody_id ORDER BY id) AS key, id AS row_id, custody_id AS subject, id AS ordinal,
      ${COLUMNS.join(', ')}, id_number_salt FROM collections ORDER BY id`,
    derive: { id_number: idNumberCell },
  },
  purge: `DELETE FROM collections WHERE custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: {
    checks: 'each hand-over at the counter: the collection, recipient, collector, proxy and authority, the ID number (by its salted hash), signature and photo fingerprints, the operator',
    unchecked: "a hand-over's at; the ID number's salt (only what the number and it give); the signature and photo rows themselves (by fingerprint)",
  },
  repository: (db) => new CollectionRepository(db),
} as const satisfies ItemRecordTable<'collections', CollectionRepository>;
