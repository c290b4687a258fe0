import type { Operator, SiteSettings } from '../../shared/contract/index.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** The site policy (risk level, auto-lock, display unit, disk warning, …): read by all, changed by an admin, on the record. */
export class SiteSettingsService {
  readonly #ctx: WorkflowContext;
  readonly #onDiskWarningChanged: () => void;

  /** `onDiskWarningChanged`: a new disk warning line applies now, not at the next timed check. */
  constructor(ctx: WorkflowContext, onDiskWarningChanged: () => void) {
    this.#ctx = ctx;
    this.#onDiskWarningChanged = onDiskWarningChanged;
  }

  read(): SiteSettings {
    return this.#ctx.settings.read();
  }

  get policy(): WorkflowContext['policy'] {
    return this.#ctx.policy;
  }

  /** The change and its audit event, in one transaction; returns the settings now in force. */
  update(operator: Operator, changes: Partial<SiteSettings>): SiteSettings {
    const w = this.#ctx;
    w.store.transaction(() => {
      w.settings.write(changes);
      w.store.audit.append({ actor: w.actor(operator), kind: 'site.settingsChanged', subjectType: 'station', subjectId: w.store.stationId, mode: w.mode, payload: { ...changes } });
    });
    if (changes.diskWarningGigabytes !== undefined) this.#onDiskWarningChanged();
    return w.settings.read();
  }
}
