import type { StationError, StationErrorCode } from '../../shared/contract/index.ts';

/** A refusal (or a failure to reach the station) as the screens catch it: the code picks what to offer next. */
export class StationRequestError extends Error {
  readonly code: StationErrorCode;

  constructor(code: StationErrorCode, message: string) {
    super(message);
    this.name = 'StationRequestError';
    this.code = code;
  }

  static from(error: StationError): StationRequestError {
    return new StationRequestError(error.code, error.message);
  }
}

/** Anything a screen catches, as a StationRequestError, so every error shows the same way. */
export function toStationRequestError(error: unknown): StationRequestError {
  if (error instanceof StationRequestError) return error;
  console.error('Unexpected error in the screen', error);
  return new StationRequestError('INTERNAL', 'Something went wrong on this screen.');
}
