import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Pin, Role as RoleSchema, type OperatorView, type Role } from '../../shared/contract/index.ts';
import { pinProblem, pinRule } from '../../shared/domain/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';
import { ROLE_NAMES } from '../ui/index.ts';
import { useFieldProblems } from './fieldProblem.tsx';
import { useRefusalInView } from './refusalInView.ts';

// The station's refusals here say what happened and who can help; this says where to look.
const MANAGE_ADVICE = {
  CONFLICT: 'The list above shows every operator as they are now.',
  FORBIDDEN: 'Another active admin can do this.',
  NOT_FOUND: 'Choose the operator again from the list.',
} as const;

/** What an operator's row says about them: active or not, and a PIN an admin set that they must replace. */
export function operatorStatus(known: OperatorView): string {
  if (!known.active) return 'Not active';
  return known.pinToChange ? 'New PIN at next login' : 'Active';
}

/**
 * The admin's changes to one operator: role, deactivate or reactivate, PIN reset. Main decides each
 * (never the last active admin, never one's own badge or PIN) and ends the operator's open sessions.
 */
export function ManageOperatorForm({ operators, onChanged }: { operators: readonly OperatorView[]; onChanged(): Promise<void> | void }) {
  const station = useStation();
  const action = useAction();
  const [operatorId, setOperatorId] = useState('');
  const [role, setRole] = useState<Role>('screener');
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const problems = useFieldProblems(form);
  useRefusalInView(form, action.error);
  useEffect(() => {
    if (done !== null) statusRef.current?.scrollIntoView({ block: 'nearest' });
  }, [done]);
  const selectId = useId();
  const chosen = operators.find((known) => known.id === operatorId) ?? null;
  const selectHint = problems.hintFor('manage-operator', chosen ? `${ROLE_NAMES[chosen.role]}. ${operatorStatus(chosen)}.` : undefined);

  const choose = (id: string) => {
    setOperatorId(id);
    setRole(operators.find((known) => known.id === id)?.role ?? 'screener');
    setPin('');
    setDone(null);
    problems.changed('manage-operator');
  };

  /** Runs one change on the chosen operator; the list reloads and the status says what was done. */
  const change = async <T,>(run: (target: OperatorView) => Promise<T>, said: (target: OperatorView, result: T) => string): Promise<boolean> => {
    if (action.busy) return false;
    setDone(null);
    if (chosen === null) {
      problems.refuse('manage-operator', 'Choose the operator to change.');
      return false;
    }
    problems.clear();
    const target = chosen;
    const result = await action.run(() => run(target));
    if (result === undefined) return false;
    setDone(said(target, result));
    await onChanged();
    return true;
  };

  const changeRole = () =>
    change(
      (target) => station.call('operator.changeRole', { operatorId: target.id, role }),
      (target, result) =>
        result.pinChangeRequired
          ? `${target.name} is now ${ROLE_NAMES[role]}. They choose a new PIN at their next login (this role needs a longer one).`
          : `${target.name} is now ${ROLE_NAMES[role]}, from their next login on.`,
    );

  const toggleActive = () =>
    change(
      (target) => station.call(target.active ? 'operator.deactivate' : 'operator.reactivate', { operatorId: target.id }),
      (target) =>
        target.active
          ? `${target.name} is deactivated: they can no longer log in or sign, and any screen they were logged in on is locked.`
          : `${target.name} is active again: they can log in with their PIN.`,
    );

  const resetPin = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen !== null) {
      const format = Pin.safeParse(pin);
      if (!format.success) return problems.refuse('manage-pin', format.error.issues[0]?.message ?? 'Check the PIN.');
      const trivial = pinProblem(pin, chosen);
      if (trivial) return problems.refuse('manage-pin', trivial);
    }
    const reset = await change(
      (target) => station.call('operator.resetPin', { operatorId: target.id, pin }),
      (target) => `${target.name}’s PIN is reset. Give it to them in person: they choose their own at their next login.`,
    );
    if (reset) setPin('');
  };

  return (
    <form className="subform" ref={form} onSubmit={resetPin} noValidate data-testid="manage-operator-form">
      <h3>Change an operator</h3>
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          Operator
        </label>
        {selectHint !== undefined && (
          <p className="field-hint" id={`${selectId}-hint`} data-testid="manage-operator-hint">
            {selectHint}
          </p>
        )}
        <select
          id={selectId}
          className="select"
          value={operatorId}
          onChange={(event) => choose(event.target.value)}
          aria-invalid={problems.invalid('manage-operator')}
          aria-describedby={selectHint !== undefined ? `${selectId}-hint` : undefined}
          data-testid="manage-operator"
        >
          <option value="">Choose…</option>
          {operators.map((known) => (
            <option key={known.id} value={known.id}>
              {known.name} ({known.badge}){known.active ? '' : ' — not active'}
            </option>
          ))}
        </select>
      </div>
      <Choice legend="Role" name="manage-role" options={RoleSchema.options.map((value) => ({ value, label: ROLE_NAMES[value] }))} value={role} onValue={setRole} testId="manage-role" />
      <div className="form-actions">
        <button type="button" className="button" disabled={action.busy} onClick={() => void changeRole()} data-testid="manage-role-submit">
          Change role
        </button>
        <button type="button" className="button" disabled={action.busy} onClick={() => void toggleActive()} data-testid="manage-active">
          {chosen !== null && !chosen.active ? 'Reactivate' : 'Deactivate'}
        </button>
      </div>
      <TextField
        label="New PIN (a reset)"
        type="password"
        inputMode="numeric"
        className="pin-input"
        value={pin}
        {...problems.bind('manage-pin', (value) => setPin(value.replace(/[^0-9]/g, '')), `${pinRule(chosen?.role ?? role)} They must change it at their next login.`)}
      />
      {/* At the foot, by the buttons that act: on a kiosk panel the form's top is out of view by then. */}
      <p role="status" className="form-done" data-testid="manage-operator-status" ref={statusRef}>
        {done}
      </p>
      <ErrorNotice error={action.error} next={MANAGE_ADVICE} />
      <button type="submit" className="button" disabled={action.busy} data-testid="manage-reset-pin">
        Reset PIN
      </button>
    </form>
  );
}
