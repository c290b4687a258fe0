import { statesInStage, type ItemState } from '../../shared/contract/index.ts';

/** Item states in operator words. */
export const ITEM_STATE_NAMES: Readonly<Record<ItemState, string>> = {
  RECEIVED: 'Received',
  WEIGHED: 'Weighed',
  INSPECTED: 'Inspected',
  SCREENED: 'X-rayed',
  CLEARED: 'Cleared',
  DELIVERED: 'Delivered',
  RETURNED: 'Returned',
  SUSPECT: 'Suspect',
  QUARANTINED: 'Quarantined',
  HANDED_OVER: 'Handed over',
  RELEASED: 'Released',
  DESTROYED: 'Destroyed',
  VOIDED: 'Voided',
};

/** States that need the operator's attention get a stronger tag (word and shape, not colour alone). */
export const ALERT_STATES: ReadonlySet<ItemState> = new Set(statesInStage('suspect', 'quarantined'));
