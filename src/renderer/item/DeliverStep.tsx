import { useRef, useState, type FormEvent } from 'react';
import { useAction } from '../hooks/index.ts';
import { escapeCloses, useReturnFocus } from '../hooks/index.ts';
import { RecipientPicker, useChooseRecipient } from '../recipients/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Check, Choice, TextField } from '../ui/index.ts';
import { LazyLabelPanel } from './LazyLabelPanel.tsx';
import { LabelStatus } from './LabelStatus.tsx';
import type { StepScreenProps, WorkspaceStep } from './workspaceStep.ts';

type How = 'name' | 'badge';

/** Hand the cleared item over to the recipient (badge scan or typed name), or return it. */
export function DeliverStep({ detail, onDone, screeningSummary }: Pick<StepScreenProps, 'detail' | 'onDone' | 'screeningSummary'>) {
  const station = useStation();
  const deliver = useAction();
  const giveBack = useAction();
  const [how, setHow] = useState<How>('name');
  const [who, setWho] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const returnOpener = useReturnFocus<HTMLButtonElement>(returning);
  const custodyId = detail.item.custodyId;

  const deliverForm = useRef<HTMLFormElement>(null);
  const toConfirm = () => deliverForm.current?.querySelector<HTMLInputElement>('[data-testid="deliver-confirm"]')?.focus();
  // A directory person picked (by name or badge) is the item's recipient, and the one it is handed to.
  const choose = useChooseRecipient(custodyId, (chosen) => {
    setHow('name');
    setWho(chosen.name);
    deliver.setError(null);
    toConfirm();
  });
  // The recipient's badge, scanned: its holder in the directory is picked; a badge the directory
  // does not know fills the badge field. Either way the confirmation is what is left to do.
  useScanTarget({
    waitingFor: 'badge',
    words: 'the recipient’s badge',
    onScan: ({ code }) => {
      const badge = code.trim();
      const asBadge = () => {
        setHow('badge');
        setWho(badge);
        deliver.setError(null);
        toConfirm();
      };
      if (badge === '') return;
      station.call('directory.search', { badge: badge.slice(0, 128) }).then(
        ({ people }) => (people[0] ? choose.person(people[0]) : asBadge()),
        asBadge,
      );
    },
  });

  const submitDeliver = async (event: FormEvent) => {
    event.preventDefault();
    if (deliver.busy) return;
    if (who.trim() === '') {
      deliver.setError(new StationRequestError('INVALID_ARGUMENTS', how === 'badge' ? 'Scan the recipient’s badge.' : 'Type the name of the person receiving the item.'));
      return;
    }
    if (!confirmed) {
      deliver.setError(new StationRequestError('INVALID_ARGUMENTS', 'Confirm that you handed the item to this person.'));
      return;
    }
    const recipient = how === 'badge' ? { kind: 'badge' as const, badge: who.trim() } : { kind: 'name' as const, name: who.trim() };
    const result = await deliver.run(() => station.call('item.deliver', { custodyId, recipient, confirmed: true }));
    if (result) onDone(result.detail);
  };

  const submitReturn = async (event: FormEvent) => {
    event.preventDefault();
    if (giveBack.busy) return;
    if (reason.trim().length < 3) {
      giveBack.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why the item is returned.'));
      return;
    }
    const result = await giveBack.run(() => station.call('item.return', { custodyId, reason: reason.trim() }));
    if (result) onDone(result.detail);
  };

  return (
    <div className="step-form" data-testid="deliver-step">
      <h2 className="step-title" tabIndex={-1}>Cleared — deliver the item</h2>
      <div className="deliver-top">
        <div>
          <LabelStatus custodyId={custodyId} />
          {screeningSummary}
        </div>
        <LazyLabelPanel custodyId={custodyId} template="clearance" />
      </div>
      <form className="subform" ref={deliverForm} onSubmit={submitDeliver} noValidate data-testid="deliver-form">
        <h3>Deliver</h3>
        <Choice
          legend="Recipient identified by"
          name="recipient-kind"
          options={[
            { value: 'name', label: 'Name (typed)' },
            { value: 'badge', label: 'Badge (scanned)' },
          ]}
          value={how}
          onValue={setHow}
          testId="recipient-kind"
        />
        {how === 'badge' ? (
          <TextField label="Recipient’s badge" value={who} onValue={setWho} testId="recipient" />
        ) : (
          <RecipientPicker label="Recipient’s name" value={who} onValue={setWho} onPick={choose.person} testId="recipient" takesScans={false} />
        )}
        <Check label="I handed the item to this person" checked={confirmed} onChecked={setConfirmed} testId="deliver-confirm" />
        <div className="step-actions">
          <ErrorNotice error={deliver.error ?? choose.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary button-large" disabled={deliver.busy} data-testid="deliver-submit">
              Record delivery
            </button>
            {!returning && (
              <button type="button" className="button" ref={returnOpener} onClick={() => setReturning(true)} data-testid="return-open">
                Return to carrier or sender instead…
              </button>
            )}
          </div>
        </div>
      </form>
      {returning && (
        <form className="subform" onSubmit={submitReturn} onKeyDown={escapeCloses(() => setReturning(false))} noValidate data-testid="return-form">
          <h3>Return the item</h3>
          <TextField label="Reason" value={reason} onValue={setReason} testId="return-reason" autoFocus />
          <ErrorNotice error={giveBack.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={giveBack.busy} data-testid="return-submit">
              Record return
            </button>
            <button type="button" className="button" onClick={() => setReturning(false)} data-testid="return-cancel">
              Cancel (Esc)
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export const deliverStep = {
  id: 'deliver',
  name: 'Deliver',
  answers: ['deliver-or-return'],
  showsFirst: null,
  // A voided item's disposition is its voiding, not a delivery.
  isDone: (detail) => detail.disposition !== null && detail.item.state !== 'VOIDED',
  skip: null,
  summary: null,
  Screen: DeliverStep,
} as const satisfies WorkspaceStep;
