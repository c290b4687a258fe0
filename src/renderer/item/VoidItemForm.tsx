import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses } from '../hooks/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';

/**
 * An item taken in by mistake (a misread code, a stray scan) is voided with a reason, before any
 * screening step: the record stays, marked VOIDED, and leaves the work queue. Main decides who may.
 */
export function VoidItemForm({ detail, onDone, onCancel }: { detail: ItemDetail; onDone(detail: ItemDetail): void; onCancel(): void }) {
  const station = useStation();
  const action = useAction();
  const [reason, setReason] = useState('');
  const answerRef = useRef<HTMLDivElement>(null);

  // On a small kiosk panel the step area is short: a refusal brings itself and the buttons into view.
  useEffect(() => {
    if (action.error !== null) answerRef.current?.scrollIntoView({ block: 'nearest' });
  }, [action.error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (reason.trim().length < 3) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why this item is voided.'));
      return;
    }
    const result = await action.run(() => station.call('item.void', { custodyId: detail.item.custodyId, reason: reason.trim() }));
    if (result) onDone(result.detail);
  };

  return (
    <form className="step-form" onSubmit={submit} onKeyDown={escapeCloses(onCancel)} noValidate data-testid="void-form">
      <h2 className="step-title" tabIndex={-1}>
        Void this item
      </h2>
      <TextField
        label="Why is it voided?"
        hint="For an item taken in by mistake. The record stays, marked Voided, with your reason; it leaves the items in progress."
        value={reason}
        onValue={setReason}
        testId="void-reason"
        autoFocus
      />
      <div ref={answerRef}>
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={action.busy} data-testid="void-submit">
            {action.busy ? 'Voiding…' : 'Void this item'}
          </button>
          <button type="button" className="button" onClick={onCancel} data-testid="void-cancel">
            Cancel (Esc)
          </button>
        </div>
      </div>
    </form>
  );
}
