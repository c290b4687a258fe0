import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Pin, type Operator } from '../../shared/contract/index.ts';
import { pinProblem, pinRule } from '../../shared/domain/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { LabelledInput } from '../ui/index.ts';
import { MAX_PIN_LENGTH, PinKeys, pinDigits } from '../ui/index.ts';

/** Who is changing their PIN: the badge and current PIN from the lock screen, and the operator when the station named them (a PIN to change). */
export interface PinChange {
  badge: string;
  currentPin: string;
  /** Known when the login said an admin set the PIN; null when the operator chose to change it. */
  operator: Operator | null;
}

const NEW_PIN_ADVICE = {
  INVALID_ARGUMENTS: 'Your current PIN stays as it is until a new one is saved.',
} as const;

interface NewPinFormProps {
  change: PinChange;
  onChanged(operator: Operator, resumeCustodyId: string | null): void;
  /** The station refused the badge or its current PIN (or it changed meanwhile): back to the lock screen with its words. */
  onRefused(error: StationRequestError): void;
  onCancel(): void;
}

type NewPinField = 'new' | 'again';

/**
 * A new PIN, twice, checked by the station's one PIN rule before it is sent (when the role is known)
 * and again by main, which also checks the current PIN. Nothing else is open until it is saved.
 */
export function NewPinForm({ change, onChanged, onRefused, onCancel }: NewPinFormProps) {
  const station = useStation();
  const [newPin, setNewPin] = useState('');
  const [again, setAgain] = useState('');
  const [target, setTarget] = useState<NewPinField>('new');
  const [error, setError] = useState<StationRequestError | null>(null);
  const [busy, setBusy] = useState(false);
  const newRef = useRef<HTMLInputElement>(null);
  const againRef = useRef<HTMLInputElement>(null);
  const required = change.operator !== null;

  useEffect(() => newRef.current?.focus(), []);

  const refuse = (message: string) => {
    setError(new StationRequestError('INVALID_ARGUMENTS', message));
    setNewPin('');
    setAgain('');
    newRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const format = Pin.safeParse(newPin);
    if (!format.success) return refuse(format.error.issues[0]?.message ?? 'A PIN is 4 to 12 digits.');
    const trivial = change.operator ? pinProblem(newPin, change.operator) : null;
    if (trivial) return refuse(trivial);
    if (newPin === change.currentPin) return refuse('The new PIN is the same as the current one. Choose another PIN.');
    if (newPin !== again) return refuse('The two new PINs are different. Enter the new PIN twice again.');
    setBusy(true);
    try {
      const { operator, resumeCustodyId } = await station.call('session.changePin', { badge: change.badge, pin: change.currentPin, newPin });
      onChanged(operator, resumeCustodyId);
    } catch (caught) {
      const refused = toStationRequestError(caught);
      if (refused.code === 'INVALID_ARGUMENTS' || refused.code === 'BUSY' || refused.code === 'UNAVAILABLE') {
        setError(refused);
        setNewPin('');
        setAgain('');
        newRef.current?.focus();
      } else {
        onRefused(refused);
      }
    } finally {
      setBusy(false);
    }
  };

  const rule = change.operator ? pinRule(change.operator.role) : '4 to 12 digits (6 or more for coordinators and admins); not one digit repeated, not a run like 1234 or 9876, not the badge’s digits.';

  return (
    <section className="panel panel-lock" aria-labelledby="new-pin-title" data-testid="new-pin-screen" data-required={required}>
      <h1 id="new-pin-title">{required ? 'Choose a new PIN' : 'Change my PIN'}</h1>
      <p className="lead" data-testid="new-pin-lead">
        {required
          ? `${change.operator!.name}, your PIN was set by an admin. Choose your own PIN before you continue: the station opens nothing else until it is saved.`
          : `Badge ${change.badge}: choose your new PIN and enter it twice. The station then logs you in.`}
      </p>
      <ErrorNotice error={error} next={NEW_PIN_ADVICE} />
      <form className="lock-form" onSubmit={submit} noValidate>
        <div className="form">
          {/* Side by side, with the rule under both: the Save button stays above the fold at 1366×768 with an error shown. */}
          <div className="field-pair">
            <div className="field">
              <LabelledInput
                id="new-pin"
                label="New PIN"
                ref={newRef}
                className="pin-input"
                type="password"
                inputMode="numeric"
                maxLength={MAX_PIN_LENGTH}
                value={newPin}
                testId="new-pin"
                aria-describedby="new-pin-rule"
                aria-invalid={error?.code === 'INVALID_ARGUMENTS' || undefined}
                onFocus={() => setTarget('new')}
                onValue={(value) => setNewPin(pinDigits(value))}
              />
            </div>
            <div className="field">
              <LabelledInput
                id="new-pin-again"
                label="New PIN again"
                ref={againRef}
                className="pin-input"
                type="password"
                inputMode="numeric"
                maxLength={MAX_PIN_LENGTH}
                value={again}
                testId="new-pin-again"
                aria-describedby="new-pin-rule"
                onFocus={() => setTarget('again')}
                onValue={(value) => setAgain(pinDigits(value))}
              />
            </div>
          </div>
          <p id="new-pin-rule" className="field-hint">
            {rule}
          </p>
          <button type="submit" className="button button-primary button-wide" disabled={busy} data-testid="new-pin-submit">
            {busy ? 'Saving…' : 'Save PIN and log in'}
          </button>
          <button type="button" className="button button-wide" onClick={onCancel} data-testid="new-pin-cancel">
            Back to the lock screen
          </button>
        </div>
        <PinKeys
          label={target === 'new' ? 'New PIN: on-screen digits' : 'New PIN again: on-screen digits'}
          value={target === 'new' ? newPin : again}
          onChange={target === 'new' ? setNewPin : setAgain}
        />
      </form>
    </section>
  );
}
