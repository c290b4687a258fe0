import type { FormEvent } from 'react';
import { StationRequestError } from '../station/index.ts';
import { useAction, type Action } from './useAction.ts';

export interface FormSubmit extends Action {
  /**
   * The form's onSubmit: nothing while a call runs. `call` is the station call to make, or what the
   * operator must fix first (shown, and nothing is sent); `onDone` gets the answer after a success.
   */
  submit<T>(call: string | (() => Promise<T>), onDone: (value: T) => void): (event: FormEvent) => Promise<void>;
}

/** One form's submission: the action's busy flag and refusal, and the checks every form makes first. */
export function useFormSubmit(): FormSubmit {
  const action = useAction();
  const submit =
    <T,>(call: string | (() => Promise<T>), onDone: (value: T) => void) =>
    async (event: FormEvent) => {
      event.preventDefault();
      if (action.busy) return;
      if (typeof call === 'string') return action.setError(new StationRequestError('INVALID_ARGUMENTS', call));
      const result = await action.run(call);
      if (result !== undefined) onDone(result);
    };
  return { ...action, submit };
}
