import { MAX_SCANNED_CODE_LENGTH, SCANNED_CODE_TOO_LONG, StationFailure, type Item, type RecordMode } from '../../shared/contract/index.ts';
import { parseCustodyId, printedCustodyId, recognizeTrackingNumber, type TrackingRecognition } from '../../shared/domain/index.ts';
import type { Store } from '../store/index.ts';
import type { EventBus } from './eventBus.ts';
import type { DomainEventSink } from './domainEvents.ts';
import { unusedCustodyId } from './custodyIds.ts';

export interface ScanInput {
  code: string;
  symbology: string | null;
  /** Who is registering it: `operator:<id>` (a device scan is stamped with the operator at the station). */
  actor: string;
  /** Where it came from, for the record: the keyboard, or a device id. */
  source: string;
  /** The operator was told the code fails its carrier's check digit and takes it in as typed. */
  asTyped?: boolean;
  /** The operator was told an item with this number is closed and takes a new one in. */
  newItem?: boolean;
}

/** Words for a state in the question about a closed item ("already delivered"). */
const closedWords = (item: Item) => item.state.toLowerCase().replace('_', ' ');

/**
 * The question a code that looks like a carrier's number but fails its check digit asks:
 * "UPS check digit should be 7 — rescan, or take it in as typed".
 */
export function checkDigitQuestion(tracking: TrackingRecognition): string {
  return `${tracking.reason.replace(/, not \S+$/, '')} — rescan, or take it in as typed`;
}

export interface ScanOutcome {
  item: Item;
  created: boolean;
}

/**
 * Intake: a scanned or typed code becomes an item (RECEIVED, with its audit event, in one
 * transaction), or brings up the open item it already belongs to, never a second one. A code that
 * fails its carrier's check digit, or names an item already closed, is taken in only once the
 * operator has confirmed it (asTyped, newItem): a misread or a second delivery is never silent.
 */
export class IntakeService {
  readonly #store: Store;
  readonly #bus: EventBus;
  readonly #mode: RecordMode;
  readonly #now: () => Date;
  readonly #events: DomainEventSink;

  constructor(store: Store, bus: EventBus, mode: RecordMode, now: () => Date, events: DomainEventSink) {
    this.#events = events;
    this.#store = store;
    this.#bus = bus;
    this.#mode = mode;
    this.#now = now;
  }

  scan(input: ScanInput): ScanOutcome {
    const code = input.code.trim();
    // Hardware scans reach here without the contract's schema: the same cap for every source.
    if (code.length > MAX_SCANNED_CODE_LENGTH) throw new StationFailure('INVALID_ARGUMENTS', SCANNED_CODE_TOO_LONG);
    const ours = this.#itemByCustodyId(code);
    if (ours) {
      this.#bus.publish('item.changed', { item: ours, reason: 'rescanned' });
      return { item: ours, created: false };
    }

    const tracking = recognizeTrackingNumber(code);
    const trackingNumber = tracking.valid ? tracking.normalized : null;
    const checkDigitFailed = tracking.carrier !== null && !tracking.valid;
    const matchKey = trackingNumber ?? code.replace(/\s+/g, '').toUpperCase();
    const outcome = this.#store.transaction((): ScanOutcome => {
      const { open: existing, latest } = this.#store.items.byMatchKey(matchKey, this.#mode);
      if (existing) return { item: existing, created: false };
      if (checkDigitFailed && input.asTyped !== true) throw new StationFailure('CONFIRM_AS_TYPED', checkDigitQuestion(tracking));
      // No open item: the latest one, if any, is closed.
      const closed = input.newItem === true ? null : latest;
      if (closed) {
        throw new StationFailure('CONFIRM_NEW_ITEM', `Item ${closed.custodyId} with this number is already ${closedWords(closed)}. A new item with the same number?`);
      }
      const at = this.#now().toISOString();
      const item: Item = {
        custodyId: unusedCustodyId((id) => this.#store.items.exists(id)),
        trackingNumber,
        carrier: tracking.valid ? tracking.carrier : null,
        scannedCode: code,
        symbology: input.symbology,
        state: 'RECEIVED',
        mode: this.#mode,
        receivedAt: at,
        updatedAt: at,
        receivedBy: input.actor,
        itemType: null,
        incidentNumber: null,
      };
      this.#store.items.insert({ item, matchKey });
      this.#store.audit.append({
        actor: input.actor,
        kind: 'item.received',
        subjectType: 'item',
        subjectId: item.custodyId,
        mode: this.#mode,
        payload: {
          scannedCode: code,
          symbology: input.symbology,
          trackingNumber,
          carrier: item.carrier,
          trackingCheck: tracking.reason,
          source: input.source,
          state: item.state,
          matchKey,
          asTyped: checkDigitFailed,
        },
      });
      this.#events.recording({ kind: 'item.received', custodyId: item.custodyId, mode: item.mode, actor: input.actor });
      return { item, created: true };
    });
    if (outcome.created) this.#events.emit({ kind: 'item.received', custodyId: outcome.item.custodyId, mode: outcome.item.mode, actor: input.actor });
    this.#bus.publish('item.changed', { item: outcome.item, reason: outcome.created ? 'received' : 'rescanned' });
    return outcome;
  }

  /**
   * The item a code names by its custody ID: typed loosely ("abc def ghj") it brings up an item that
   * exists; in the printed form (XXX-XXX-XXX) it must name one, or the scan is refused. Any other
   * code (a ZIP+4 `10000-0499` that reads loosely as 100-000-499) is not ours: null, a new item.
   */
  #itemByCustodyId(code: string): Item | null {
    const loose = parseCustodyId(code);
    const item = loose === null ? null : this.#store.items.byCustodyId(loose);
    if (item) return item;
    const printed = printedCustodyId(code);
    if (printed !== null) {
      throw new StationFailure('NOT_FOUND', `No item has custody ID ${printed} at this station. Check the label, or scan the carrier barcode.`);
    }
    return null;
  }

  openItems(limit: number): Item[] {
    return this.#store.items.open(limit);
  }
}
