import type { StationErrorCode } from '../../shared/contract/index.ts';

/**
 * What the operator should do next, by refusal code. The station's own message says what happened;
 * this says what to do about it, in the same plain words everywhere.
 */
export const ERROR_ADVICE: Readonly<Record<StationErrorCode, string>> = {
  INVALID_ARGUMENTS: 'Check what you entered and try again.',
  NOT_AUTHENTICATED: 'Log in again with your badge and PIN.',
  FORBIDDEN: 'Your role does not allow this. Ask a coordinator or an admin.',
  NOT_FOUND: 'Check the number and scan or type it again.',
  CONFLICT: 'Someone else changed this at the same moment. Look at it again, then retry.',
  // Also what an incident, a print job or a setting refuses: the message says what is missing, so the advice names no step.
  INVALID_STATE: 'Do what the message above asks first, then try again, or choose another action.',
  UNAVAILABLE: 'Wait until the warning at the top goes away, then try again. What you typed is kept.',
  DISK_FULL: 'Everything already recorded is kept. Logging in and looking up records still work; new items wait until the admin frees space.',
  BUSY: 'Wait a moment for the station to catch up, then try again. What you typed is kept.',
  CONFIRM_AS_TYPED: 'Rescan the label. If its number really reads like this, take it in as typed at Intake.',
  CONFIRM_NEW_ITEM: 'Nothing was taken in. To take in a new item with the same number, scan it again at Intake and confirm.',
  INTERNAL: 'Try again. If it happens again, call your coordinator.',
  UNKNOWN_COMMAND: 'This screen and the station are different versions. Ask an admin to restart the station.',
};
