import type { IncidentType, ItemDetail, Operator, RemoteReviewOrigin } from '../../shared/contract/index.ts';
import type { WorkflowContext } from './workflowContext.ts';
import { itemDetail } from './itemDetail.ts';
import type { IncidentService } from './incidentService.ts';
import type { Sessions } from './sessions.ts';
import { attachXrayImage, remoteSecondReview, stepHandlers, type CabinetControl, type ScaleSource, type StepPorts } from './steps/index.ts';

export type { CabinetControl, ScaleSource } from './steps/index.ts';

/**
 * The screening of one item, step by step. Each step is a module of the registry (steps/): its
 * work is one transaction (the pure lifecycle decides, the records and the new state are written
 * with their audit event, then the screens hear); this service gives the steps their ports.
 */
export class ScreeningService {
  readonly #ctx: WorkflowContext;
  readonly #incidents: IncidentService;
  readonly #scales: ScaleSource;
  readonly #cabinets: CabinetControl;

  constructor(ctx: WorkflowContext, incidents: IncidentService, devices: { scales: ScaleSource; cabinets: CabinetControl }) {
    this.#ctx = ctx;
    this.#incidents = incidents;
    this.#scales = devices.scales;
    this.#cabinets = devices.cabinets;
  }

  detail(custodyId: string): ItemDetail {
    return itemDetail(this.#ctx, custodyId);
  }

  /** The handlers of every screening step's commands; each makes its item the station's work in progress. */
  stepHandlers(sessions: Pick<Sessions, 'noteWorkOn'>) {
    return stepHandlers(this.#ports((custodyId) => sessions.noteWorkOn(custodyId)));
  }

  #ports(workOn: (custodyId: string) => string): StepPorts {
    return { ctx: this.#ctx, scales: this.#scales, cabinets: this.#cabinets, incidents: this.#incidents, detail: (custodyId) => this.detail(custodyId), workOn };
  }

  /**
   * A second review answered through the site, written here as this station's own (the same checks
   * as one made here); it makes no screen's work in progress. Throws the station's refusal.
   */
  remoteSecondReview(review: { custodyId: string; scanRef: string; operator: Operator; verdict: 'clear' | 'suspect'; notes: string; incidentType?: IncidentType; origin: RemoteReviewOrigin }): void {
    remoteSecondReview(this.#ports((custodyId) => custodyId), review);
  }

  markSuspect(custodyId: string, operator: Operator, incidentType: IncidentType, reason: string, indicators: string[]) {
    return this.#incidents.openForItem(custodyId, operator, incidentType, reason, { indicators });
  }

  /**
   * A second reviewer's suspect judgment that reached this station after the scan was cleared by
   * another review: a person's judgment is enough to call an item suspect (DESIGN.md, invariant 7),
   * so it opens the incident when the item's state still allows it. The scan's review stays as written.
   */
  suspectFromSiteDissent(custodyId: string, operator: Operator, incidentType: IncidentType, reason: string, origin: RemoteReviewOrigin) {
    return this.#incidents.openForItem(custodyId, operator, incidentType, reason, { remote: origin });
  }

  /** The cabinet's image for a pending scan: tied to the item by its scan reference, with its SHA-256. */
  attachImage(scanRef: string, sha256: string, file: string): boolean {
    return attachXrayImage(this.#ctx, scanRef, sha256, file);
  }
}
