import type { AreaHandlers } from '../../commands/index.ts';
import type { OperatorService } from '../operatorService.ts';
import type { Sessions } from '../sessions.ts';

export interface SessionHandlerPorts {
  operators: Pick<OperatorService, 'setupFirstAdmin' | 'logIn' | 'changePin'>;
  sessions: Pick<Sessions, 'logIn' | 'logOut' | 'workInProgress' | 'claimScans'>;
}

/** Logging in and out on one screen; a badge-and-PIN check runs one at a time per screen. */
export function sessionHandlers({ operators, sessions }: SessionHandlerPorts): AreaHandlers<'session'> {
  return {
    'session.setup': ({ badge, name, pin }, { session }) =>
      session.checkingPin(async () => {
        const operator = await operators.setupFirstAdmin({ badge, name, pin });
        sessions.logIn(session, operator);
        return { operator };
      }),
    'session.login': ({ badge, pin }, { session }) =>
      session.checkingPin(async () => {
        const { operator, pinChangeRequired } = await operators.logIn(badge, pin);
        // A PIN an admin set opens nothing: the screen stays locked until its owner replaces it.
        if (pinChangeRequired) return { operator, resumeCustodyId: null, pinChangeRequired };
        sessions.logIn(session, operator);
        return { operator, resumeCustodyId: sessions.workInProgress(), pinChangeRequired };
      }),
    'session.changePin': ({ badge, pin, newPin }, { session }) =>
      session.checkingPin(async () => {
        const operator = await operators.changePin(badge, pin, newPin);
        sessions.logIn(session, operator);
        return { operator, resumeCustodyId: sessions.workInProgress() };
      }),
    'session.current': (_args, { session }) => ({
      operator: session.operator,
      resumeCustodyId: session.operator ? sessions.workInProgress() : null,
    }),
    'session.logout': (_args, { session }) => {
      sessions.logOut(session, 'operator');
      return { ok: true as const };
    },
    'session.touch': () => ({ ok: true as const }),
    // A screen says what its next scan is for when it changes, or when it comes to the front (a tab
    // focused): that makes it the screen in front, which a badge scan on a locked station goes to.
    'session.scanClaim': ({ waitingFor }, { session }) => {
      sessions.claimScans(session, waitingFor);
      return { ok: true as const };
    },
  };
}
