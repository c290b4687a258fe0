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
