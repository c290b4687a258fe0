import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { OperatorService } from '../operatorService.ts';
import type { Sessions } from '../sessions.ts';

export interface OperatorHandlerPorts {
  operators: Pick<OperatorService, 'create' | 'list' | 'unlock' | 'recordTraining' | 'deactivate' | 'reactivate' | 'changeRole' | 'resetPin'>;
  /** Ends the sessions of an operator an admin changed: a session holds the operator as they were at login. */
  sessions: Pick<Sessions, 'endFor'>;
}

/** The station's operators and their training records. */
export function operatorHandlers({ operators, sessions }: OperatorHandlerPorts): AreaHandlers<'operator' | 'training'> {
  return {
    'operator.create': async (input, { session }) => ({ operator: await operators.create(operatorOf(session), input) }),
    'operator.list': () => ({ operators: operators.list() }),
    'operator.unlock': ({ operatorId }, { session }) => {
      operators.unlock(operatorOf(session), operatorId);
      return { ok: true as const };
    },
    'operator.deactivate': ({ operatorId }, { session }) => {
      const operator = operators.deactivate(operatorOf(session), operatorId);
      sessions.endFor(operator.id);
      return { operator };
    },
    'operator.reactivate': ({ operatorId }, { session }) => ({ operator: operators.reactivate(operatorOf(session), operatorId) }),
    'operator.changeRole': ({ operatorId, role }, { session }) => {
      const { operator, pinChangeRequired, changed } = operators.changeRole(operatorOf(session), operatorId, role);
      if (changed) sessions.endFor(operator.id);
      return { operator, pinChangeRequired };
    },
    'operator.resetPin': async ({ operatorId, pin }, { session }) => {
      const operator = await operators.resetPin(operatorOf(session), operatorId, pin);
      sessions.endFor(operator.id);
      return { operator };
    },
    'training.record': (input, { session }) => ({ record: operators.recordTraining(operatorOf(session), { ...input, trainer: input.trainer ?? null }) }),
  };
}
