import { z } from 'zod';

/**
 * Every refusal the station gives crosses the boundary as {code, message}: the code lets the UI
 * choose what to offer next, the message says in an operator's words what happened and what to do.
 */
export const StationErrorCode = z.enum([
  'UNKNOWN_COMMAND',
  'INVALID_ARGUMENTS',
  'NOT_AUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'UNAVAILABLE',
  'DISK_FULL',
  /** The screen has too many requests waiting at the station; it should slow down and retry. */
  'BUSY',
  /**
   * The code fails its carrier's check digit: the screen offers to rescan, or to send it again with
   * `asTyped` (intake.scan) to take it in as typed.
   */
  'CONFIRM_AS_TYPED',
  /**
   * An item with this number is already closed (delivered, returned, …): the screen asks "a new item
   * with the same number?" and sends it again with `newItem` to take a second one in.
   */
  'CONFIRM_NEW_ITEM',
  'INTERNAL',
]);
export type StationErrorCode = z.infer<typeof StationErrorCode>;

/** What an operator reads whenever the data folder's disk has no room for a new record. */
export const DISK_FULL_MESSAGE = "The station's disk is full — call the site admin";

export const StationError = z.object({
  code: StationErrorCode,
  message: z.string(),
});
export type StationError = z.infer<typeof StationError>;

/** Thrown by services; the dispatcher turns it into a StationError result. */
export class StationFailure extends Error {
  readonly code: StationErrorCode;
  constructor(code: StationErrorCode, message: string) {
    super(message);
    this.name = 'StationFailure';
    this.code = code;
  }
}

export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: StationError };
