/**
 * A cell the events say a row must hold: text (numbers and JSON in their canonical text), null,
 * or NOT_RECORDED when no event carries it (an event written before its payload gained the value):
 * such a cell is not checked, and the verify help says so.
 */
export const NOT_RECORDED: unique symbol = Symbol('not recorded');
export type ExpectedCell = string | null | typeof NOT_RECORDED;
export type ExpectedRow = Record<string, ExpectedCell>;
