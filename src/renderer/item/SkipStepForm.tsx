import { useState, type FormEvent } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses, useReturnFocus } from '../hooks/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import type { SkippableStepWords } from './workspaceStep.ts';

/** Skipping an optional step is allowed, never silent: it takes a reason that goes on the record. */
export function SkipStepForm({ detail, skip, onDone }: { detail: ItemDetail; skip: SkippableStepWords; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { step, words: name } = skip;
  const opener = useReturnFocus<HTMLButtonElement>(open);

  if (!open) {
    return (
      <button type="button" className="button" ref={opener} onClick={() => setOpen(true)} data-testid={`skip-${step}-open`}>
        Skip {name} (optional here)…
      </button>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (reason.trim().length < 3) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', `Say why ${name} is skipped, in a few words.`));
      return;
    }
    const result = await action.run(() => station.call('item.skipStep', { custodyId: detail.item.custodyId, step, reason: reason.trim() }));
    if (result) onDone(result.detail);
  };

  return (
    <form className="subform" onSubmit={submit} onKeyDown={escapeCloses(() => setOpen(false))} noValidate data-testid={`skip-${step}-form`}>
      <h3>Skip {name}</h3>
      <p className="field-hint">The site policy makes {name} optional for this item. The reason is kept on the item’s record.</p>
      <ErrorNotice error={action.error} />
      <TextField label="Reason" value={reason} onValue={setReason} testId={`skip-${step}-reason`} autoFocus />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={action.busy} data-testid={`skip-${step}-submit`}>
          Skip {name}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)} data-testid={`skip-${step}-cancel`}>
          Cancel (Esc)
        </button>
      </div>
    </form>
  );
}
