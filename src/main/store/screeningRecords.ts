import type Database from 'better-sqlite3';
import type { InspectionRecord, StepSkip, WeightRecord, XrayFinding, XrayScanRecord, XrayVerdict } from '../../shared/contract/index.ts';
import { itemRecordRepositories, type ItemRecordRepositories } from './itemRecords/index.ts';

/**
 * Weighings, skipped steps, inspections and X-ray scans: the screening record of each item.
 * `tables` holds every item record table's repository (itemRecords/), a new step's included; the
 * named methods are the screening services' long-standing way to the first four.
 */
export class ScreeningRecords {
  readonly tables: ItemRecordRepositories;

  constructor(db: Database.Database) {
    this.tables = itemRecordRepositories(db);
  }

  addWeight(custodyId: string, w: WeightRecord): void {
    this.tables.weighings.add(custodyId, w);
  }

  weights(custodyId: string): WeightRecord[] {
    return this.tables.weighings.forItem(custodyId);
  }

  addSkip(custodyId: string, skip: StepSkip): void {
    this.tables.step_skips.add(custodyId, skip);
  }

  skips(custodyId: string): StepSkip[] {
    return this.tables.step_skips.forItem(custodyId);
  }

  addInspection(custodyId: string, inspection: InspectionRecord): void {
    this.tables.inspections.add(custodyId, inspection);
  }

  /** The latest inspection: a re-inspection is a new record, the earlier one stays. */
  inspection(custodyId: string): InspectionRecord | null {
    return this.tables.inspections.latest(custodyId);
  }

  addScan(custodyId: string, scan: { deviceId: string; scanRef: string; requestedBy: string; requestedAt: string }): number {
    return this.tables.xray_scans.add(custodyId, scan);
  }

  attachImage(scanRef: string, sha256: string, file: string): { custodyId: string } | null {
    return this.tables.xray_scans.attachImage(scanRef, sha256, file);
  }

  recordVerdict(scanId: number, v: { verdict: XrayVerdict; findings: XrayFinding[]; notes: string; reviewerId: string }): void {
    this.tables.xray_scans.recordVerdict(scanId, v);
  }

  recordSecondReview(scanId: number, v: { verdict: XrayVerdict; notes: string; reviewerId: string }): void {
    this.tables.xray_scans.recordSecondReview(scanId, v);
  }

  scans(custodyId: string): XrayScanRecord[] {
    return this.tables.xray_scans.forItem(custodyId);
  }
}
