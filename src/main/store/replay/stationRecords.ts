import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { carried, operatorIdOf, SequencedRows, type ExpectedRow, type TableReplay } from './types.ts';

/**
 * training_records, keyed `<operator id>/<n>`: each `training.recorded` in order (who trained
 * whom, in what, valid when): an X-ray qualification cannot be added or extended in the table
 * unnoticed. recorded_at is the service clock's.
 */
export class TrainingRecordsReplay implements TableReplay {
  readonly table = 'training_records';
  readonly columns = ['kind', 'completed_on', 'expires_on', 'trainer', 'recorded_by'] as const;
  readonly #rows = new SequencedRows();

  rows(): SequencedRows {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'training.recorded' || event.subjectType !== 'operator') return;
    const p = event.payload;
    this.#rows.add(event.subjectId, {
      kind: carried(p, 'kind'),
      completed_on: carried(p, 'completedOn'),
      expires_on: carried(p, 'expiresOn'),
      trainer: Object.hasOwn(p, 'trainer') ? carried(p, 'trainer') : null,
      recorded_by: operatorIdOf(event.actor),
    });
  }
}

/**
 * site_settings, by key: each `site.settingsChanged` carries the keys it set and their values
 * (JSON, as stored). A key no event set is not a row (its default applies), so a policy written
 * into the table behind the station's back (a lower risk level) is caught.
 */
export class SiteSettingsReplay implements TableReplay {
  readonly table = 'site_settings';
  readonly columns = ['value'] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'site.settingsChanged') return;
    for (const [key, value] of Object.entries(event.payload)) {
      if (value !== undefined) this.#rows.set(key, { value: canonicalJson(value) });
    }
  }
}

/**
 * The retention policy in force: the record classes kept for a number of days, and how many, as
 * the last `records.retentionChanged` says it became. A class kept for ever (null) is the same
 * with a row or without one, so only classes with days are keys.
 */
export class RetentionPolicyReplay implements TableReplay {
  readonly table = 'retention_policy';
  readonly columns = ['days'] as const;
  readonly #rows = new Map<string, ExpectedRow>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind !== 'records.retentionChanged') return;
    const after = event.payload.after;
    if (!after) return;
    for (const [recordClass, days] of Object.entries(after)) {
      if (days === null || days === undefined) this.#rows.delete(recordClass);
      else this.#rows.set(recordClass, { days: carried(after, recordClass) });
    }
  }
}
