import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Operator } from '../../shared/contract/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { StationRequestError, toStationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { LabelledInput } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { NewPinForm, type PinChange } from './NewPinForm.tsx';
import { MAX_PIN_LENGTH, PinKeys, pinDigits } from '../ui/index.ts';

const LOGIN_ADVICE = {
  NOT_AUTHENTICATED: 'Check the badge, then enter your PIN again. If it keeps failing, ask a coordinator or an admin.',
  // The station's words say who to ask (a locked badge, a badge no longer active).
  FORBIDDEN: 'Meanwhile another operator can log in at this station.',
} as const;

interface LockScreenProps {
  /** Why the station locked, when it was not the operator's own choice. */
  notice: string | null;
  /** `resumeCustodyId`: the work in progress at this station, reopened after the login. */
  onLoggedIn(operator: Operator, resumeCustodyId: string | null): void;
}

/**
 * Badge (scanned or typed) then PIN. A refusal keeps the badge and clears only the PIN. A PIN an
 * admin set leads to choosing a new one before anything opens; "Change my PIN" leads there too.
 */
export function LockScreen({ notice, onLoggedIn }: LockScreenProps) {
  const station = useStation();
  const [pinChange, setPinChange] = useState<PinChange | null>(null);
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<StationRequestError | null>(null);
  const [busy, setBusy] = useState(false);
  const [badgeSource, setBadgeSource] = useState<'scanned' | 'typed'>('typed');
  const badgeRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (pinChange === null) badgeRef.current?.focus();
  }, [pinChange]);

  /** A badge read by a scanner: it fills the badge field and the PIN is next, whatever had focus. */
  const takeBadge = (code: string) => {
    const scanned = code.trim();
    if (scanned === '') return;
    setBadge(scanned);
    setPin('');
    setError(null);
    setBadgeSource('scanned');
    setPinChange(null);
    pinRef.current?.focus();
  };
  // The station's own scanners (serial, HID, Electron's wedge reader) report to a locked screen…
  useStationEvent('scan.badge', ({ code }) => takeBadge(code));
  // …and a wedge scanner in the browser is read here.
  useScanTarget({ waitingFor: 'badge', words: 'your badge', onScan: ({ code }) => takeBadge(code) });

  // A badge scanner types the code and Enter: that means "now the PIN", not "log in".
  const onBadgeKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && pin === '') {
      event.preventDefault();
      if (badge.trim() !== '') pinRef.current?.focus();
    }
  };

  /** Badge and PIN both there, or the field to fill says so. */
  const ready = (pinWords: string): boolean => {
    if (badge.trim() === '') {
      setError(new StationRequestError('INVALID_ARGUMENTS', 'Scan your badge or type its code.'));
      badgeRef.current?.focus();
      return false;
    }
    if (pin === '') {
      setError(new StationRequestError('INVALID_ARGUMENTS', pinWords));
      pinRef.current?.focus();
      return false;
    }
    return true;
  };

  // The current PIN is checked by the station together with the new one, in one request.
  const changeMyPin = () => {
    if (busy || !ready('Enter your current PIN, then choose “Change my PIN”.')) return;
    setError(null);
    setPinChange({ badge: badge.trim(), currentPin: pin, operator: null });
  };

  const leavePinChange = (refused: StationRequestError | null) => {
    setPinChange(null);
    setPin('');
    setError(refused);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !ready('Enter your PIN.')) return;
    setBusy(true);
    try {
      const { operator, resumeCustodyId, pinChangeRequired } = await station.call('session.login', { badge: badge.trim(), pin });
      setError(null);
      if (pinChangeRequired) setPinChange({ badge: badge.trim(), currentPin: pin, operator });
      else onLoggedIn(operator, resumeCustodyId);
    } catch (caught) {
      setError(toStationRequestError(caught));
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (pinChange !== null) {
    return <NewPinForm change={pinChange} onChanged={onLoggedIn} onRefused={leavePinChange} onCancel={() => leavePinChange(null)} />;
  }

  return (
    <section className="panel panel-lock" aria-labelledby="lock-title" data-testid="lock-screen">
      <h1 id="lock-title">Station locked</h1>
      <p className="lead">Scan your badge, then enter your PIN.</p>
      {notice !== null && (
        <div className="notice notice-info" role="status" data-testid="lock-notice">
          <Icon kind="info" />
          <p className="notice-title">{notice}</p>
        </div>
      )}
      <ErrorNotice error={error} next={LOGIN_ADVICE} />
      <form className="lock-form" onSubmit={submit} noValidate>
        <div className="form">
          <div className="field">
            <LabelledInput
              id="login-badge"
              label="Badge"
              ref={badgeRef}
              autoCapitalize="off"
              value={badge}
              testId="login-badge"
              aria-describedby="login-badge-source"
              onValue={(value) => {
                setBadge(value);
                setBadgeSource('typed');
              }}
              onKeyDown={onBadgeKeyDown}
            />
            <p id="login-badge-source" className="field-hint" role="status" data-testid="login-badge-source" data-source={badgeSource}>
              {badgeSource === 'scanned' && badge !== '' ? 'Badge read by the scanner. Now enter your PIN.' : null}
            </p>
          </div>
          <div className="field">
            <LabelledInput
              id="login-pin"
              label="PIN"
              ref={pinRef}
              className="pin-input"
              type="password"
              inputMode="numeric"
              spellCheck={undefined}
              maxLength={MAX_PIN_LENGTH}
              value={pin}
              testId="login-pin"
              onValue={(value) => setPin(pinDigits(value))}
            />
          </div>
          <button type="submit" className="button button-primary button-wide" disabled={busy} data-testid="login-submit">
            {busy ? 'Checking…' : 'Unlock'}
          </button>
          <button type="button" className="button button-wide" disabled={busy} onClick={changeMyPin} data-testid="login-change-pin">
            Change my PIN
          </button>
        </div>
        <PinKeys label="PIN: on-screen digits" value={pin} onChange={setPin} />
      </form>
    </section>
  );
}
