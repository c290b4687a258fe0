import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { OperatorService } from '../operatorService.ts';

export interface OperatorHandlerPorts {
  operators: Pick<OperatorService, 'create' | 'list' | 'unlock' | 'recordTraining'>;
}

/** The station's operators and their training records. */
export function operatorHandlers({ operators }: OperatorHandlerPorts): AreaHandlers<'operator' | 'training'> {
  return {
    'operator.create': async (input, { session }) => ({ operator: await operators.create(operatorOf(session), input) }),
    'operator.list': () => ({ operators: operators.list() }),
    'operator.unlock': ({ operatorId }, { session }) => {
      operators.unlock(operatorOf(session), operatorId);
      return { ok: true as const };
    },
    'training.record': (input, { session }) => ({ record: operators.recordTraining(operatorOf(session), { ...input, trainer: input.trainer ?? null }) }),
  };
}
