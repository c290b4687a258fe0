import {
  StationFailure,
  type CustodyParty,
  type CustodyReceiver,
  type ItemStepKind,
  type ItemDetail,
  type Operator,
} from '../../shared/contract/index.ts';
import { assertNever } from '../../shared/domain/index.ts';
import type { ItemAction } from '../workflow/index.ts';
import type { NewCustodyTransfer } from '../store/index.ts';
import type { WorkflowContext } from './workflowContext.ts';
import { itemDetail } from './itemDetail.ts';
import { CUSTODY_EVENT } from './domainEvents.ts';
import type { SecondPersonCheck } from './incidentService.ts';

/**
 * The chain of custody of a suspect item, from isolation to hand-over, release or destruction.
 * Every transfer records who released it, who received it, when, why, and its seals.
 */
export class CustodyService {
  readonly #ctx: WorkflowContext;
  readonly #secondPerson: SecondPersonCheck;

  /** Whether this station is joined to a site (station.json "site"): a hand-over to another station needs one. */
  readonly #joinedSite: boolean;

  /** Whom a hand-over to another station is addressed to, checked against the site's list of stations (StationTransfers.addressee). */
  readonly #addressee: (station: string, unlisted: boolean) => string;

  constructor(ctx: WorkflowContext, secondPerson: SecondPersonCheck, options: { joinedSite?: boolean; addressee?: (station: string, unlisted: boolean) => string } = {}) {
    this.#ctx = ctx;
    this.#secondPerson = secondPerson;
    this.#joinedSite = options.joinedSite ?? false;
    this.#addressee = options.addressee ?? ((station) => `station ${station}`);
  }

  #party(operator: Operator): CustodyParty {
    return { kind: 'operator', operatorId: operator.id, name: operator.name };
  }

  #transition(custodyId: string, operator: Operator, action: ItemAction, kind: Extract<ItemStepKind, `custody.${string}`>, transfer: Omit<NewCustodyTransfer, 'incidentId' | 'recordedBy' | 'at'>): ItemDetail {
    const ctx = this.#ctx;
    const incidentOf = () => ctx.store.items.extras(custodyId)!.incidentId;
    ctx.itemStep({
      custodyId,
      operator,
      next: action,
      kind,
      payload: () => {
        const incidentId = incidentOf();
        return { incidentNumber: incidentId !== null ? (ctx.incidents.byId(incidentId)?.number ?? null) : null, ...transfer };
      },
      write: () => ctx.custody.insert(custodyId, { ...transfer, incidentId: incidentOf(), recordedBy: operator.id, at: ctx.nowIso() }),
      event: (item) => ({ kind: CUSTODY_EVENT[transfer.kind], custodyId, mode: item.mode, operator }),
    });
    return itemDetail(ctx, custodyId);
  }

  #holder(custodyId: string, operator: Operator): CustodyParty {
    return this.#ctx.custody.currentHolder(custodyId) ?? this.#party(operator);
  }

  quarantine(custodyId: string, operator: Operator, location: string, sealNumbers: string[], reason: string): ItemDetail {
    return this.#transition(custodyId, operator, { kind: 'quarantine' }, 'custody.quarantined', {
      kind: 'quarantine',
      releasedBy: { kind: 'place', name: `found at the screening station (${location})` },
      receivedBy: this.#party(operator),
      reason,
      sealNumbers,
      sealIntact: sealNumbers.length > 0 ? true : null,
      location,
      secondBy: null,
    });
  }

  async transfer(custodyId: string, operator: Operator, receiver: CustodyReceiver, reason: string, sealNumbers: string[], sealIntact: boolean): Promise<ItemDetail> {
    const releasedBy = this.#holder(custodyId, operator);
    switch (receiver.kind) {
      case 'operator': {
        const received = await this.#secondPerson(receiver.badge, receiver.pin, operator, `receiving custody of ${custodyId}`);
        if (releasedBy.kind === 'operator' && releasedBy.operatorId === received.id) {
          throw new StationFailure('INVALID_ARGUMENTS', `${received.name} already holds this item.`);
        }
        return this.#transition(custodyId, operator, { kind: 'transferCustody' }, 'custody.transferred', {
          kind: 'transfer',
          releasedBy,
          receivedBy: this.#party(received),
          reason,
          sealNumbers,
          sealIntact,
          location: null,
          secondBy: received.id,
        });
      }
      case 'external':
        return this.#transition(custodyId, operator, { kind: 'handOver' }, 'custody.handedOver', {
          kind: 'handOver',
          releasedBy,
          receivedBy: { kind: 'external', name: receiver.name, agency: receiver.agency, badgeNumber: receiver.badgeNumber, confirmedBy: operator.id },
          reason,
          sealNumbers,
          sealIntact,
          location: null,
          secondBy: null,
        });
      case 'station':
        return this.#toStation(custodyId, operator, releasedBy, receiver.station, receiver.unlisted === true, reason, sealNumbers, sealIntact);
      // A receiver of a new kind must choose its lifecycle action here, not fall into a hand-over.
      default:
        return assertNever(receiver, 'custody receiver');
    }
  }

  /**
   * The item leaves this station for another of the site (or the security office's): the sending
   * half of the transfer, in this station's chain; the receiving station records the other half
   * (custody.receivedFromStation) and the site matches them. HANDED_OVER is final here, so this
   * station and the custody ID name the transfer.
   */
  #toStation(custodyId: string, operator: Operator, releasedBy: CustodyParty, station: string, unlisted: boolean, reason: string, sealNumbers: string[], sealIntact: boolean): ItemDetail {
    if (!this.#joinedSite) {
      throw new StationFailure('INVALID_ARGUMENTS', 'This station is not joined to a site: a hand-over to another station needs one (station.json "site"). Hand the item to a responder or an operator here instead.');
    }
    if (station === this.#ctx.store.stationId) throw new StationFailure('INVALID_ARGUMENTS', `${station} is this station: give the ID of the station that receives the item.`);
    const name = this.#addressee(station, unlisted);
    return this.#transition(custodyId, operator, { kind: 'handOver' }, 'custody.handedOver', {
      kind: 'handOver',
      releasedBy,
      receivedBy: { kind: 'station', station, name },
      reason,
      sealNumbers,
      sealIntact,
      location: null,
      secondBy: null,
    });
  }

  async release(custodyId: string, operator: Operator, reason: string, second: { badge: string; pin: string }, sealIntact: boolean): Promise<ItemDetail> {
    const secondOperator = await this.#secondPerson(second.badge, second.pin, operator, `releasing ${custodyId} from quarantine`);
    return this.#transition(custodyId, operator, { kind: 'release' }, 'custody.released', {
      kind: 'release',
      releasedBy: this.#holder(custodyId, operator),
      receivedBy: { kind: 'place', name: 'released to normal mail flow' },
      reason,
      sealNumbers: this.#ctx.custody.forItem(custodyId).at(-1)?.sealNumbers ?? [],
      sealIntact,
      location: null,
      secondBy: secondOperator.id,
    });
  }

  async destroy(custodyId: string, operator: Operator, reason: string, second: { badge: string; pin: string }): Promise<ItemDetail> {
    const secondOperator = await this.#secondPerson(second.badge, second.pin, operator, `destroying ${custodyId}`);
    return this.#transition(custodyId, operator, { kind: 'destroy' }, 'custody.destroyed', {
      kind: 'destroy',
      releasedBy: this.#holder(custodyId, operator),
      receivedBy: { kind: 'place', name: 'destroyed' },
      reason,
      sealNumbers: [],
      sealIntact: null,
      location: null,
      secondBy: secondOperator.id,
    });
  }
}
