import { StationFailure } from '../../shared/contract/index.ts';
import type { IncidentView, ItemDetail, ItemState, Operator, PrintJob } from '../../shared/contract/index.ts';
import { clearanceLabel, custodyLabel } from '../../shared/labels/index.ts';
import type { LabelLayout, LabelSizeName, LabelTemplateName, PrinterDpi } from '../../shared/labels/index.ts';
import { clearanceLabelRecord, custodyLabelRecord } from '../labels/index.ts';
import type { LabelContext } from '../labels/index.ts';
import { zplFromLayout } from '../labels/index.ts';
import { statesFromStage } from '../workflow/index.ts';
import type { EnqueueInput } from './printQueue.ts';

/** What the service needs of a printer: LabelPrinter (its config.dpi) fits. */
export interface LabelPrinterInfo {
  readonly id: string;
  readonly config: { readonly dpi: PrinterDpi };
}

/** What the service needs of the print queue: PrintQueue fits. */
export interface LabelQueue {
  enqueue(input: EnqueueInput): PrintJob;
  reprint(jobId: number, actor: string): PrintJob;
  list(limit: number): PrintJob[];
}

export interface LabelServiceDeps {
  /** Everything recorded about an item; throws StationFailure NOT_FOUND for an unknown ID. */
  itemDetail: (custodyId: string) => ItemDetail;
  incident: (incidentId: number) => IncidentView;
  operatorName: (operatorId: string) => string | null;
  siteName: () => string;
  /** This station's ID: the custody label's "Place found". */
  stationId?: () => string;
  queue: LabelQueue;
  /** The printer labels go to (DeviceManager.printer()), or null when none is configured. */
  printer: () => LabelPrinterInfo | null;
  /** IANA zone the label's times are printed in; UTC by default. */
  timeZone?: string;
}

export interface LabelPrintOptions {
  /** Print the last finished label of this kind for the item again, marked as a reprint of it. */
  reprint?: boolean;
}

/** Only an item that was screened and cleared may carry a label saying so. */
export const CLEARED_STATES: readonly ItemState[] = statesFromStage('cleared');

/** How far back a reprint looks for the label it repeats: far more jobs than one shift prints. */
const REPRINT_LOOKBACK = 2000;

/**
 * Labels from records: the layout for the screen's preview and the same layout, as ZPL at the
 * printer's resolution, into the print queue (which records every print as an audit event).
 */
export class LabelService {
  readonly #deps: LabelServiceDeps;

  constructor(deps: LabelServiceDeps) {
    this.#deps = deps;
  }

  /** The label as it would print now: what the preview draws. */
  preview(custodyId: string, template: LabelTemplateName, size: LabelSizeName, options: { draftFor?: { operatorId: string; at: string } } = {}): LabelLayout {
    const detail = this.#deps.itemDetail(custodyId);
    const ctx: LabelContext = { siteName: this.#deps.siteName(), stationId: this.#deps.stationId?.(), operatorName: this.#deps.operatorName, timeZone: this.#deps.timeZone ?? 'UTC' };
    if (template === 'clearance' && options.draftFor && !detail.screened) {
      // What the label will say if this operator clears the item now: shown on the clear step,
      // never printed (print() takes no draft), so no label claims a screening that did not happen.
      const methods: Array<'visual' | 'xray'> = detail.xrayScans.some((s) => (s.secondVerdict ?? s.verdict) === 'clear') ? ['visual', 'xray'] : ['visual'];
      const draft = { ...detail, screened: { methods, operatorId: options.draftFor.operatorId, at: options.draftFor.at } };
      return clearanceLabel(clearanceLabelRecord(draft, ctx), size);
    }
    if (template === 'clearance') {
      if (!detail.screened || !CLEARED_STATES.includes(detail.item.state)) {
        throw new StationFailure(
          'INVALID_STATE',
          `${custodyId} has not been cleared (it is ${detail.item.state}); only a cleared item gets a clearance label.`,
        );
      }
      return clearanceLabel(clearanceLabelRecord(detail, ctx), size);
    }
    if (!detail.incident) {
      throw new StationFailure('INVALID_STATE', `${custodyId} is not part of an incident; a custody label is for a suspect item. Mark it suspect first.`);
    }
    return custodyLabel(custodyLabelRecord(detail, this.#deps.incident(detail.incident.id), ctx), size);
  }

  /**
   * Queues the label. A reprint repeats the newest finished label of this kind for the item byte
   * for byte (its size and content as first printed, so the audit chain shows the same hash) and
   * is recorded as print.reprinted with reprintOf; a label with today's records is a new print.
   */
  print(custodyId: string, template: LabelTemplateName, size: LabelSizeName, operator: Operator, options: LabelPrintOptions = {}): PrintJob {
    const actor = `operator:${operator.id}`;
    if (options.reprint) return this.#reprint(custodyId, template, actor);
    const printer = this.#deps.printer();
    if (!printer) throw new StationFailure('UNAVAILABLE', 'No label printer is configured at this station. Ask an admin to add one.');
    const layout = this.preview(custodyId, template, size);
    return this.#deps.queue.enqueue({ printerId: printer.id, template, subject: custodyId, zpl: zplFromLayout(layout, printer.config.dpi), actor });
  }

  #reprint(custodyId: string, template: LabelTemplateName, actor: string): PrintJob {
    const jobs = this.#deps.queue.list(REPRINT_LOOKBACK).filter((job) => job.subject === custodyId && job.template === template);
    const original = jobs.find((job) => job.state === 'printed' || job.state === 'failed');
    if (!original) {
      const busy = jobs.length > 0;
      throw new StationFailure(
        busy ? 'INVALID_STATE' : 'NOT_FOUND',
        busy
          ? `The ${template} label for ${custodyId} is still in the print queue; wait for it before reprinting.`
          : `No ${template} label has been printed for ${custodyId} yet, so there is nothing to reprint. Print it first.`,
      );
    }
    return this.#deps.queue.reprint(original.id, actor);
  }
}
