import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Badge, OperatorName, Pin, type Operator } from '../../shared/contract/index.ts';
import { pinProblem, pinRule } from '../../shared/domain/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';

type Field = 'badge' | 'name' | 'pin' | 'pinAgain';

/** First start: the station has no operators yet, so whoever installs it creates the first admin. */
export function SetupScreen({ onDone }: { onDone(operator: Operator): void }) {
  const station = useStation();
  const [badge, setBadge] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [error, setError] = useState<StationRequestError | null>(null);
  const [invalid, setInvalid] = useState<Field | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<Field, RefObject<HTMLInputElement | null>> = {
    badge: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    pin: useRef<HTMLInputElement>(null),
    pinAgain: useRef<HTMLInputElement>(null),
  };

  useEffect(() => refs.badge.current?.focus(), [refs.badge]);
  // A field's refusal is said beside that field, and the two are brought into view together once
  // drawn: said at the top of the form, it sat above the visible strip while the focus went down
  // to the field (issue 12, point 11).
  const problemGroup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error !== null && invalid !== null) problemGroup.current?.scrollIntoView({ block: 'nearest' });
  }, [error, invalid]);
  // "Scan the admin's badge": the scanned code fills the badge and the name is next.
  useScanTarget({
    waitingFor: 'badge',
    words: 'the first admin’s badge',
    onScan: ({ code }) => {
      setBadge(code.trim());
      refs.name.current?.focus();
    },
  });

  const refuse = (field: Field, message: string): false => {
    setError(new StationRequestError('INVALID_ARGUMENTS', message));
    setInvalid(field);
    refs[field].current?.focus({ preventScroll: true });
    return false;
  };

  /** The fields of one group, with the refusal about any of them just above them. */
  const group = (fields: readonly Field[], children: ReactNode) => {
    const here = invalid !== null && fields.includes(invalid);
    return (
      <div className="setup-group" ref={here ? problemGroup : undefined}>
        {here && <ErrorNotice error={error} />}
        {children}
      </div>
    );
  };

  // The same schemas the station applies, checked here first so the operator hears about a typo at once.
  const check = (): boolean => {
    const badgeCheck = Badge.safeParse(badge);
    if (!badgeCheck.success) return refuse('badge', badgeCheck.error.issues[0]?.message ?? 'Check the badge code.');
    const nameCheck = OperatorName.safeParse(name);
    if (!nameCheck.success) return refuse('name', nameCheck.error.issues[0]?.message ?? 'Check the name.');
    const pinCheck = Pin.safeParse(pin);
    if (!pinCheck.success) {
      setPin('');
      setPinAgain('');
      return refuse('pin', pinCheck.error.issues[0]?.message ?? 'Check the PIN.');
    }
    // The station's own PIN rule (the first operator is an admin), so a trivial PIN is refused here first.
    const trivial = pinProblem(pin, { role: 'admin', badge });
    if (trivial) {
      setPin('');
      setPinAgain('');
      return refuse('pin', trivial);
    }
    if (pin !== pinAgain) {
      setPin('');
      setPinAgain('');
      return refuse('pin', 'The two PINs are different. Enter the PIN twice again.');
    }
    return true;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !check()) return;
    setBusy(true);
    try {
      const { operator } = await station.call('session.setup', { badge: badge.trim(), name: name.trim(), pin });
      onDone(operator);
    } catch (caught) {
      setError(toStationRequestError(caught));
      setInvalid(null);
    } finally {
      setBusy(false);
    }
  };

  const field = (id: Field, label: string, hint: string, value: string, set: (value: string) => void, secret: boolean) => (
    <div className="field">
      <label className="field-label" htmlFor={`setup-${id}`}>
        {label}
      </label>
      <p className="field-hint" id={`setup-${id}-hint`}>
        {hint}
      </p>
      <input
        id={`setup-${id}`}
        ref={refs[id]}
        className="text-input"
        type={secret ? 'password' : 'text'}
        inputMode={secret ? 'numeric' : 'text'}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`setup-${id}-hint`}
        aria-invalid={invalid === id || undefined}
        value={value}
        data-testid={`setup-${id === 'pinAgain' ? 'pin-again' : id}`}
        onChange={(event) => set(secret ? event.target.value.replace(/[^0-9]/g, '') : event.target.value)}
      />
    </div>
  );

  return (
    <section className="panel panel-narrow" aria-labelledby="setup-title" data-testid="setup-screen">
      <h1 id="setup-title">Set up this station</h1>
      <p className="lead">This station has no operators yet. Create the first admin: the person who sets up devices and operators.</p>
      {/* The station's own refusals (no field to point at) stay at the top, next to nothing typed. */}
      {invalid === null && <ErrorNotice error={error} />}
      <form className="form" onSubmit={submit} noValidate>
        {group(['badge'], field('badge', 'Badge', 'Scan the admin’s badge or type its code (at least 3 characters).', badge, setBadge, false))}
        {group(['name'], field('name', 'Name', 'As it should appear on records and custody forms.', name, setName, false))}
        {group(
          ['pin', 'pinAgain'],
          <div className="field-pair">
            {field('pin', 'PIN', `${pinRule('admin')} Not a birthday.`, pin, setPin, true)}
            {field('pinAgain', 'PIN again', 'The same PIN once more.', pinAgain, setPinAgain, true)}
          </div>,
        )}
        <button type="submit" className="button button-primary button-wide" disabled={busy} data-testid="setup-submit">
          {busy ? 'Creating…' : 'Create admin and log in'}
        </button>
      </form>
    </section>
  );
}
