import { useRef } from 'react';
import { useScanTarget } from '../scan/index.ts';
import { MAX_PIN_LENGTH, pinDigits } from './PinKeys.tsx';
import { TextField } from './Field.tsx';

export interface SecondOperatorDraft {
  badge: string;
  pin: string;
}

export const EMPTY_SECOND: SecondOperatorDraft = { badge: '', pin: '' };

/** What to do when the station refuses the second signature (the same person, or their PIN wrong). */
export const SECOND_PERSON_ADVICE = {
  FORBIDDEN: 'Another operator — not the one logged in — scans their own badge and enters their own PIN.',
} as const;

/**
 * The second person's own badge and PIN, typed by them at the station: two-person sign-off means
 * the second person is here, not that the first knows their PIN.
 */
export function SecondOperatorFields({ value, onValue, purpose, testId }: { value: SecondOperatorDraft; onValue(value: SecondOperatorDraft): void; purpose: string; testId: string }) {
  const pinRef = useRef<HTMLInputElement>(null);
  // The second person's badge, scanned, fills their badge field and leaves them at their PIN.
  useScanTarget({
    waitingFor: 'badge',
    words: `the second person’s badge (${purpose})`,
    onScan: ({ code }) => {
      onValue({ ...value, badge: code.trim() });
      pinRef.current?.focus();
    },
  });
  return (
    <fieldset className="second-operator" data-testid={testId}>
      <legend className="field-label">Second person: {purpose}</legend>
      <p className="field-hint">Another operator scans their own badge and enters their own PIN.</p>
      <div className="field-pair">
        <TextField label="Their badge" value={value.badge} onValue={(badge) => onValue({ ...value, badge })} testId={`${testId}-badge`} />
        <TextField
          label="Their PIN"
          ref={pinRef}
          type="password"
          inputMode="numeric"
          maxLength={MAX_PIN_LENGTH}
          className="pin-input"
          value={value.pin}
          onValue={(pin) => onValue({ ...value, pin: pinDigits(pin) })}
          testId={`${testId}-pin`}
        />
      </div>
    </fieldset>
  );
}
