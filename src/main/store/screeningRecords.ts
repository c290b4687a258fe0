import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  ScaleReading,
  XrayFinding,
  type InspectionRecord,
  type ScreeningStep,
  type StepSkip,
  type WeightRecord,
  type XrayScanRecord,
  type XrayVerdict,
} from '../../shared/contract/index.ts';
import { parseStoredJson, parseStoredJsonOrNull } from './storedJson.ts';

const StoredFindings = z.array(XrayFinding);
const StoredIndicators = z.array(z.string());

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

/** Weighings, skipped steps, inspections and X-ray scans: the screening record of each item. */
export class ScreeningRecords {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  addWeight(custodyId: string, w: WeightRecord): void {
    this.#db
      .prepare('INSERT INTO weighings (custody_id, grams, source, reading, manual_reason, operator_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(custodyId, w.grams, w.source, w.reading ? JSON.stringify(w.reading) : null, w.manualReason, w.operatorId, w.at);
  }

  weights(custodyId: string): WeightRecord[] {
    const rows = this.#db.prepare('SELECT * FROM weighings WHERE custody_id = ? ORDER BY id').all(custodyId) as Array<{
      id: number;
      grams: number;
      source: 'scale' | 'manual';
      reading: string | null;
      manual_reason: string | null;
      operator_id: string;
      at: string;
    }>;
    return rows.map((r) => ({
      grams: r.grams,
      source: r.source,
      reading: parseStoredJsonOrNull(ScaleReading, r.reading || null, { table: 'weighings', column: 'reading', key: `id ${r.id}` }),
      manualReason: r.manual_reason,
      operatorId: r.operator_id,
      at: r.at,
    }));
  }

  addSkip(custodyId: string, skip: StepSkip): void {
    this.#db.prepare('INSERT INTO step_skips (custody_id, step, reason, operator_id, at) VALUES (?, ?, ?, ?, ?)').run(custodyId, skip.step, skip.reason, skip.operatorId, skip.at);
  }

  skips(custodyId: string): StepSkip[] {
    const rows = this.#db.prepare('SELECT step, reason, operator_id, at FROM step_skips WHERE custody_id = ? ORDER BY id').all(custodyId) as Array<{
      step: string;
      reason: string;
      operator_id: string;
      at: string;
    }>;
    return rows.map((r) => ({ step: r.step as ScreeningStep, reason: r.reason, operatorId: r.operator_id, at: r.at }));
  }

  addInspection(custodyId: string, inspection: InspectionRecord): void {
    this.#db
      .prepare('INSERT INTO inspections (custody_id, indicators, notes, operator_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(custodyId, JSON.stringify(inspection.indicators), inspection.notes, inspection.operatorId, inspection.at);
  }

  /** The latest inspection: a re-inspection is a new record, the earlier one stays. */
  inspection(custodyId: string): InspectionRecord | null {
    const row = this.#db.prepare('SELECT * FROM inspections WHERE custody_id = ? ORDER BY id DESC LIMIT 1').get(custodyId) as
      | { id: number; indicators: string; notes: string; operator_id: string; at: string }
      | undefined;
    if (!row) return null;
    const indicators = parseStoredJson(StoredIndicators, row.indicators, { table: 'inspections', column: 'indicators', key: `id ${row.id}` });
    return { indicators, notes: row.notes, operatorId: row.operator_id, at: row.at };
  }

  addScan(custodyId: string, scan: { deviceId: string; scanRef: string; requestedBy: string; requestedAt: string }): number {
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

  scans(custodyId: string): XrayScanRecord[] {
    return (this.#db.prepare('SELECT * FROM xray_scans WHERE custody_id = ? ORDER BY id').all(custodyId) as XrayRow[]).map(toScan);
  }
}
