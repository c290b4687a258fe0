import type { ReactNode } from 'react';
import type { Action } from '../hooks/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** The foot of a form: the station's refusal, if any, then the primary submit button (off while busy). */
export function FormSubmit({ action, testId, children }: { action: Action; testId: string; children: ReactNode }) {
  return (
    <>
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid={testId}>
        {children}
      </button>
    </>
  );
}
