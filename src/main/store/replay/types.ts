import type { AuditEvent } from '../../../shared/contract/index.ts';

/**
 * A cell the events say a row must hold: text (numbers and JSON in their canonical text), null,
 * or NOT_RECORDED when no event carries it (an event written before its payload gained the value):
 * such a cell is not checked, and the verify help says so.
 */
export const NOT_RECORDED: unique symbol = Symbol('not recorded');
export type ExpectedCell = string | null | typeof NOT_RECORDED;
export type ExpectedRow = Record<string, ExpectedCell>;

/**
 * One state table folded from the events: pure, no database. `fold` is called once per event in
 * sequence order; `rows` is what the table must hold after the last one, by key.
 */
export interface TableReplay {
  readonly table: string;
  /** The columns compared, in the order problems name them. */
  readonly columns: readonly string[];
  fold(event: AuditEvent): void;
  rows(): Map<string, ExpectedRow>;
}

/** `operator:<id>` is how services stamp the actor; the rows keep the bare id. */
export function operatorIdOf(actor: string): string {
  return actor.startsWith('operator:') ? actor.slice('operator:'.length) : actor;
}

export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value when the payload carries the key, else NOT_RECORDED. */
export function carried(payload: Record<string, unknown>, key: string, as: (v: unknown) => ExpectedCell = text): ExpectedCell {
  return Object.hasOwn(payload, key) ? as(payload[key]) : NOT_RECORDED;
}
