import type Database from 'better-sqlite3';
import { z } from 'zod';
import { XrayFinding, type CataloguedAuditEvent, type XrayScanRecord, type XrayVerdict } from '../../../shared/contract/index.ts';
import { canonicalCell, carried, ItemsReplay, operatorIdOf, ROW_CODEC, SpillingMap, STRINGS_CODEC, text, type ExpectedCell, type ExpectedRow, type ExpectedRows, type TableReplay } from '../replay/index.ts';
import { parseStoredJson } from '../storedJson.ts';
import { OF_PURGED_ITEMS, type ItemRecordTable } from './itemRecordTable.ts';

const StoredFindings = z.array(XrayFinding);

const json = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : canonicalCell(v));

/**
 * xray_scans, by scan reference: requested (`xray.scanRequested`), its image's SHA-256
 * (`xray.imageCaptured`), the verdict and the second review (`xray.verdictRecorded`,
 * `xray.secondReview`, or the `xray` an `item.markedSuspect` carries when the verdict made the item
 * suspect). The image file's path is not compared: a purge unlinks it and a restore moves it; the
 * image itself is named by its SHA-256.
 */
export class XrayScansReplay implements TableReplay {
  readonly table = 'xray_scans';
  readonly columns = ['custody_id', 'device_id', 'requested_by', 'image_sha256', 'verdict', 'findings', 'notes', 'reviewer_id', 'second_verdict', 'second_notes', 'second_reviewer_id'] as const;
  readonly #rows = new SpillingMap<ExpectedRow>(ROW_CODEC);
  readonly #ofItem = new SpillingMap<string[]>(STRINGS_CODEC);

  rows(): ExpectedRows {
    return this.#rows.reading();
  }

  fold(event: CataloguedAuditEvent): void {
    for (const id of ItemsReplay.purgedItems(event)) {
      for (const ref of this.#ofItem.get(id) ?? []) this.#rows.delete(ref);
      this.#ofItem.delete(id);
    }
    if (event.subjectType !== 'item') return;
    if (event.kind === 'xray.scanRequested') {
      const p = event.payload;
      if (typeof p.scanRef !== 'string') return;
      this.#ofItem.set(event.subjectId, [...(this.#ofItem.get(event.subjectId) ?? []), p.scanRef]);
      this.#rows.set(p.scanRef, {
        custody_id: event.subjectId,
        device_id: carried(p, 'deviceId'),
        requested_by: operatorIdOf(event.actor),
        image_sha256: null,
        verdict: null,
        findings: canonicalCell([]),
        notes: '',
        reviewer_id: null,
        second_verdict: null,
        second_notes: null,
        second_reviewer_id: null,
      });
      return;
    }
    const scanEvent = XrayScansReplay.#scanEvent(event);
    if (!scanEvent) return;
    const row = typeof scanEvent.scanRef === 'string' ? this.#rows.get(scanEvent.scanRef) : undefined;
    if (!row) return;
    const reviewer = operatorIdOf(event.actor);
    if (scanEvent.step === 'image') {
      row.image_sha256 = carried(scanEvent.record, 'sha256');
    } else if (scanEvent.step === 'first') {
      row.verdict = carried(scanEvent.record, 'verdict');
      row.findings = carried(scanEvent.record, 'findings', json);
      row.notes = carried(scanEvent.record, 'notes', text);
      row.reviewer_id = reviewer;
    } else {
      row.second_verdict = carried(scanEvent.record, 'verdict');
      row.second_notes = carried(scanEvent.record, 'notes');
      row.second_reviewer_id = reviewer;
    }
  }

  /** What an event adds to a scan it names: its image, its first review, or its second. */
  static #scanEvent(event: CataloguedAuditEvent): { step: 'image' | 'first' | 'second'; scanRef: unknown; record: Record<string, unknown> } | null {
    switch (event.kind) {
      case 'xray.imageCaptured':
        return { step: 'image', scanRef: event.payload.scanRef, record: event.payload };
      case 'xray.verdictRecorded':
        return { step: 'first', scanRef: event.payload.scanRef, record: event.payload };
      case 'xray.secondReview':
        return { step: 'second', scanRef: event.payload.scanRef, record: event.payload };
      case 'item.markedSuspect': {
        const review = event.payload.xray;
        return review ? { step: review.review, scanRef: review.scanRef, record: review } : null;
      }
      default:
        return null;
    }
  }
}

interface XrayRow {
  id: number;
  custody_id: string;
  device_id: string;
  scan_ref: string;
  image_sha256: string | null;
  image_file: string | null;
  verdict: string | null;
  findings: string;
  notes: string;
  reviewer_id: string | null;
  second_verdict: string | null;
  second_reviewer_id: string | null;
  second_notes: string | null;
  requested_by: string;
  requested_at: string;
}

function toScan(row: XrayRow): XrayScanRecord {
  return {
    id: row.id,
    deviceId: row.device_id,
    scanRef: row.scan_ref,
    imageSha256: row.image_sha256,
    imageFile: row.image_file,
    verdict: row.verdict as XrayVerdict | null,
    findings: parseStoredJson(StoredFindings, row.findings, { table: 'xray_scans', column: 'findings', key: `id ${row.id}` }),
    notes: row.notes,
    reviewerId: row.reviewer_id,
    secondVerdict: row.second_verdict as XrayVerdict | null,
    secondReviewerId: row.second_reviewer_id,
    secondNotes: row.second_notes,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
  };
}

/** An item's X-ray scans: requested, its image attached, reviewed once and maybe twice. */
export class XrayScanRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(custodyId: string, scan: { deviceId: string; scanRef: string; requestedBy: string; requestedAt: string }): number {
    return Number(
      this.#db
        .prepare('INSERT INTO xray_scans (custody_id, device_id, scan_ref, requested_by, requested_at) VALUES (?, ?, ?, ?, ?)')
        .run(custodyId, scan.deviceId, scan.scanRef, scan.requestedBy, scan.requestedAt).lastInsertRowid,
    );
  }

  attachImage(scanRef: string, sha256: string, file: string): { custodyId: string } | null {
    const row = this.#db.prepare('SELECT custody_id FROM xray_scans WHERE scan_ref = ?').get(scanRef) as { custody_id: string } | undefined;
    if (!row) return null;
    this.#db.prepare('UPDATE xray_scans SET image_sha256 = ?, image_file = ? WHERE scan_ref = ?').run(sha256, file, scanRef);
    return { custodyId: row.custody_id };
  }

  recordVerdict(scanId: number, v: { verdict: XrayVerdict; findings: XrayFinding[]; notes: string; reviewerId: string }): void {
    this.#db.prepare('UPDATE xray_scans SET verdict = ?, findings = ?, notes = ?, reviewer_id = ? WHERE id = ?').run(v.verdict, JSON.stringify(v.findings), v.notes, v.reviewerId, scanId);
  }

  recordSecondReview(scanId: number, v: { verdict: XrayVerdict; notes: string; reviewerId: string }): void {
    this.#db.prepare('UPDATE xray_scans SET second_verdict = ?, second_notes = ?, second_reviewer_id = ? WHERE id = ?').run(v.verdict, v.notes, v.reviewerId, scanId);
  }

  forItem(custodyId: string): XrayScanRecord[] {
    return (this.#db.prepare('SELECT * FROM xray_scans WHERE custody_id = ? ORDER BY id').all(custodyId) as XrayRow[]).map(toScan);
  }
}

export const XRAY_SCANS = {
  table: 'xray_scans',
  keyedByItem: false,
  replay: () => new XrayScansReplay(),
  rows: {
    sql: `SELECT scan_ref AS key, custody_id, device_id, requested_by, image_sha256, verdict, findings, notes, reviewer_id,
      second_verdict, second_notes, second_reviewer_id FROM xray_scans`,
    json: ['findings'],
  },
  purge: `DELETE FROM xray_scans WHERE custody_id ${OF_PURGED_ITEMS}`,
  images: {
    ofItems: `SELECT id, custody_id, image_sha256, image_file FROM xray_scans WHERE custody_id ${OF_PURGED_ITEMS}`,
    stillNamed: 'SELECT 1 FROM xray_scans WHERE image_sha256 = ? AND image_file IS NOT NULL LIMIT 1',
    named: 'SELECT id, image_file FROM xray_scans WHERE image_file IS NOT NULL',
    relink: 'UPDATE xray_scans SET image_file = ? WHERE id = ?',
  },
  verifyHelp: {
    checks: 'device, requested by, image SHA-256, verdict, findings, notes, reviewer, second review',
    unchecked: "a scan's requested_at, and an X-ray image's file path (a purge unlinks it, a restore moves it; the image is named by its SHA-256)",
  },
  repository: (db) => new XrayScanRepository(db),
} as const satisfies ItemRecordTable<'xray_scans', XrayScanRepository>;
