import { StationFailure, type StationError } from '../../shared/contract/index.ts';

/**
 * A refusal (or a failure to reach the station) as the screens catch it: the code picks what to
 * offer next. It is the contract's own StationFailure (same codes, same message), named for where
 * it comes from: a request this screen made.
 */
export class StationRequestError extends StationFailure {
  constructor(code: StationError['code'], message: string) {
    super(code, message);
    this.name = 'StationRequestError';
  }

  static from(error: StationError): StationRequestError {
    return new StationRequestError(error.code, error.message);
  }
}

/** Anything a screen catches, as a StationRequestError, so every error shows the same way. */
export function toStationRequestError(error: unknown): StationRequestError {
  if (error instanceof StationRequestError) return error;
  // Shared code the screens run refuses with the contract's StationFailure: its code and words stand.
  if (error instanceof StationFailure) return new StationRequestError(error.code, error.message);
  console.error('Unexpected error in the screen', error);
  return new StationRequestError('INTERNAL', 'Something went wrong on this screen.');
}
