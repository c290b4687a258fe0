import type { KeyboardEvent } from 'react';
import { PIN_MAX_LENGTH } from '../../shared/domain/index.ts';

/** The longest PIN the one PIN rule allows (shared/domain/pinPolicy.ts). */
export const MAX_PIN_LENGTH = PIN_MAX_LENGTH;

/** What a PIN field keeps of what was typed or pasted: its digits, at most MAX_PIN_LENGTH. */
export function pinDigits(value: string): string {
  return value.replace(/[^0-9]/g, '').slice(0, MAX_PIN_LENGTH);
}
const DIGIT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface PinKeysProps {
  label: string;
  value: string;
  onChange(value: string): void;
}

/**
 * Large on-screen digits for gloved hands. Keyboard digits work here too while a key has focus,
 * so an operator who tabbed onto the pad can keep typing.
 */
export function PinKeys({ label, value, onChange }: PinKeysProps) {
  const append = (digit: string) => {
    if (value.length < MAX_PIN_LENGTH) onChange(value + digit);
  };
  const backspace = () => onChange(value.slice(0, -1));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      append(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      backspace();
    }
  };

  return (
    <div className="pin-keys" role="group" aria-label={label} onKeyDown={onKeyDown} data-testid="pin-keys">
      {DIGIT_KEYS.map((digit) => (
        <PinKey key={digit} label={digit} testId={`pin-key-${digit}`} onPress={() => append(digit)} />
      ))}
      <PinKey label="Clear" ariaLabel="Clear the PIN" testId="pin-clear" onPress={() => onChange('')} />
      <PinKey label="0" testId="pin-key-0" onPress={() => append('0')} />
      <PinKey label="⌫" ariaLabel="Delete the last digit" testId="pin-backspace" onPress={backspace} />
    </div>
  );
}

function PinKey({ label, ariaLabel, testId, onPress }: { label: string; ariaLabel?: string; testId: string; onPress(): void }) {
  return (
    <button type="button" className="pin-key" aria-label={ariaLabel} data-testid={testId} onClick={onPress}>
      {label}
    </button>
  );
}
