import { statesInStage, type ItemState } from '../../shared/contract/index.ts';

// Item states in operator words: one table for the screens and the papers (src/shared/words).
export { ITEM_STATE_NAMES } from '../../shared/words/index.ts';

/** States that need the operator's attention get a stronger tag (word and shape, not colour alone). */
export const ALERT_STATES: ReadonlySet<ItemState> = new Set(statesInStage('suspect', 'quarantined'));
