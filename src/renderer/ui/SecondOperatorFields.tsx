import { useScanTarget } from '../scan/ScanTargets.tsx';
import { MAX_PIN_LENGTH } from '../screens/PinKeys.tsx';
import { TextField } from './Field.tsx';

export interface SecondOperatorDraft {
  badge: string;
  pin: string;
}

export const EMPTY_SECOND: SecondOperatorDraft = { badge: '', pin: '' };

/**
 * The second person's own badge and PIN, typed by them at the station: two-person sign-off means
 * the second person is here, not that the first knows their PIN.
 */
export function SecondOperatorFields({ value, onValue, purpose, testId }: { value: SecondOperatorDraft; onValue(value: SecondOperatorDraft): void; purpose: string; testId: string }) {
  // The second person's badge, scanned, fills their badge field.
  useScanTarget({ onScan: ({ code }) => onValue({ ...value, badge: code.trim() }) });
  return (
    <fieldset className="second-operator" data-testid={testId}>
      <legend className="field-label">Second person: {purpose}</legend>
      <p className="field-hint">Another operator scans their own badge and enters their own PIN.</p>
      <div className="field-pair">
        <TextField label="Their badge" value={value.badge} onValue={(badge) => onValue({ ...value, badge })} testId={`${testId}-badge`} />
        <TextField
          label="Their PIN"
          type="password"
          inputMode="numeric"
          maxLength={MAX_PIN_LENGTH}
          className="pin-input"
          value={value.pin}
          onValue={(pin) => onValue({ ...value, pin: pin.replace(/[^0-9]/g, '') })}
          testId={`${testId}-pin`}
        />
      </div>
    </fieldset>
  );
}
