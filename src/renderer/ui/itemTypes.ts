// One table for the screens and the papers: src/shared/words.
export { ITEM_TYPE_NAMES, ITEM_TYPES } from '../../shared/words/index.ts';
