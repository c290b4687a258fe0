import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { ItemsReplay } from './items.ts';
import { ROW_CODEC, SpillingMap, STRINGS_CODEC } from './spillingMap.ts';
import { carried, NOT_RECORDED, operatorIdOf, SequencedRows, text, type ExpectedCell, type ExpectedRow, type ExpectedRows, type TableReplay } from './types.ts';

const json = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : canonicalJson(v));

/** What of a scale reading the weighing's event keeps: the device and the value as the scale sent it. */
export function readingSummary(reading: unknown): string | null {
  if (typeof reading !== 'object' || reading === null) return null;
  const r = reading as Record<string, unknown>;
  return canonicalJson({ deviceId: r.deviceId ?? null, value: r.value ?? null, unit: r.unit ?? null, resolution: r.resolution ?? null });
}

/**
 * A table of an item's records in the order they were made, keyed `<custody ID>/<n>` (the row ids
 * are not in the events); a purge removes the item's records with it.
 */
abstract class PerItemRecords implements TableReplay {
  abstract readonly table: string;
  abstract readonly columns: readonly string[];
  readonly #rows = new SequencedRows();

  rows(): SequencedRows {
    return this.#rows;
  }

  /** The row this event adds, or null when it adds none. */
  protected abstract row(event: CataloguedAuditEvent): ExpectedRow | null;

  fold(event: CataloguedAuditEvent): void {
    for (const id of ItemsReplay.purgedItems(event)) this.#rows.dropSubject(id);
    if (event.subjectType !== 'item') return;
    const row = this.row(event);
    if (row) this.#rows.add(event.subjectId, row);
  }
}

/** weighings: each `item.weighed`. The reading's own time and condition and the row's `at` are not compared. */
export class WeighingsReplay extends PerItemRecords {
  readonly table = 'weighings';
  readonly columns = ['grams', 'source', 'reading', 'manual_reason', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.weighed') return null;
    const p = event.payload;
    const manual = p.source === 'manual';
    return {
      grams: carried(p, 'grams'),
      source: carried(p, 'source'),
      reading: manual ? null : Object.hasOwn(p, 'deviceId') ? readingSummary(p) : NOT_RECORDED,
      manual_reason: manual ? carried(p, 'reason') : null,
      operator_id: operatorIdOf(event.actor),
    };
  }
}

/** step_skips: each `item.stepSkipped`. */
export class StepSkipsReplay extends PerItemRecords {
  readonly table = 'step_skips';
  readonly columns = ['step', 'reason', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.stepSkipped') return null;
    return { step: carried(event.payload, 'step'), reason: carried(event.payload, 'reason'), operator_id: operatorIdOf(event.actor) };
  }
}

/** inspections: each `item.inspected` (a re-inspection is a new row). */
export class InspectionsReplay extends PerItemRecords {
  readonly table = 'inspections';
  readonly columns = ['indicators', 'notes', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.inspected') return null;
    return { indicators: carried(event.payload, 'indicators', json), notes: carried(event.payload, 'notes'), operator_id: operatorIdOf(event.actor) };
  }
}

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
        findings: canonicalJson([]),
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
