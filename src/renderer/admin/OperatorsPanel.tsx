import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { OperatorView, Role, TrainingKind } from '../../shared/contract/index.ts';
import { Badge, OperatorName, Pin, Role as RoleSchema, TrainingKind as TrainingKindSchema } from '../../shared/contract/index.ts';
import { pinProblem, pinRule } from '../../shared/domain/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStationQuery } from '../hooks/index.ts';
import { useSite } from '../site/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';
import { ListTable } from '../ui/index.ts';
import { ROLE_NAMES } from '../ui/index.ts';
import { focusField, useFieldProblems } from './fieldProblem.tsx';
import { ManageOperatorForm, operatorStatus } from './ManageOperatorForm.tsx';
import { useRefusalInView } from './refusalInView.ts';

// A duplicate badge is said by the station with whose it is; the way out is the right badge.
const CREATE_ADVICE = { CONFLICT: 'Scan or type the new operator’s own badge.' } as const;

export const TRAINING_NAMES: Readonly<Record<TrainingKind, string>> = {
  xrayOperator: 'X-ray operator',
  suspiciousMailRecognition: 'Suspicious mail recognition',
  ppe: 'Protective equipment (PPE)',
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Operators, their lock state and training records; admins add operators, supervisors record training. */
export function OperatorsPanel() {
  const station = useStation();
  const { operator } = useSite();
  const list = useStationQuery('operator.list', {});
  const operators = list.value?.operators ?? [];
  const load = list.reload;
  const unlock = useAction();
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The Unlock button goes with the lock, and the focus would go with it to the page: it goes to the
  // panel's heading instead, next to the status that says whose badge was unlocked.
  const unlockBadge = async (known: OperatorView) => {
    const result = await unlock.run(() => station.call('operator.unlock', { operatorId: known.id }));
    if (!result) return;
    setUnlocked(`${known.name}’s badge is unlocked: they can log in again.`);
    await load();
    headingRef.current?.focus();
  };

  return (
    <section className="panel admin-panel" aria-labelledby="operators-title" data-testid="operators-panel">
      <h2 id="operators-title" ref={headingRef} tabIndex={-1}>
        Operators and training
      </h2>
      <ErrorNotice error={list.error ?? unlock.error} />
      <p role="status" className="form-done" data-testid="unlock-status">
        {unlocked}
      </p>
      <ListTable testId="operator-list" columns={['Name', 'Badge', 'Role', 'Training', 'Status']} count={operators.length}>
        {operators.map((known) => (
          <tr key={known.id} data-testid="operator-row" data-badge={known.badge}>
            <th scope="row">{known.name}</th>
            <td className="tracking">{known.badge}</td>
            <td>{ROLE_NAMES[known.role]}</td>
            <td>
              {known.training.length === 0 && <span className="muted">none recorded</span>}
              {known.training.map((record) => (
                <span key={record.id} className={record.current ? 'tag' : 'tag tag-alert'} data-testid="training-tag">
                  {TRAINING_NAMES[record.kind]} {record.current ? `until ${record.expiresOn}` : `expired ${record.expiresOn}`}
                </span>
              ))}
            </td>
            {/* One column for whether they can log in (active, a PIN to choose, locked): the table fits the kiosk's width. */}
            <td data-testid="operator-status">
              {operatorStatus(known) !== 'Active' && <span className={known.active ? 'tag' : 'tag tag-alert'}>{operatorStatus(known)}</span>}
              {known.lockedUntil !== null ? (
                <button
                  type="button"
                  className="button button-small"
                  disabled={unlock.busy}
                  onClick={() => void unlockBadge(known)}
                  aria-label={`Unlock badge of ${known.name}`}
                  data-testid="operator-unlock"
                >
                  Unlock badge
                </button>
              ) : (
                <span className="muted">not locked</span>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      <div className="admin-forms">
        {operator.role === 'admin' && <CreateOperatorForm onCreated={load} />}
        <TrainingForm operators={operators} onRecorded={load} />
        {operator.role === 'admin' && <ManageOperatorForm operators={operators} onChanged={load} />}
      </div>
    </section>
  );
}

/** After a success that leaves the form up for the next entry: its heading and status in view, the focus on `field`. */
function readyForNext(form: RefObject<HTMLFormElement | null>, field: string): void {
  form.current?.querySelector('h3')?.scrollIntoView({ block: 'nearest' });
  focusField(form, field);
}

function CreateOperatorForm({ onCreated }: { onCreated(): void }) {
  const station = useStation();
  const action = useAction();
  const [badge, setBadge] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('screener');
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const problems = useFieldProblems(form);
  useRefusalInView(form, action.error);
  // While the admin works in this form, a badge scanned is the new operator's: it fills the badge
  // and the name is next (elsewhere on the screen a scan still takes in mail, as on every screen).
  const [inForm, setInForm] = useState(false);
  useScanTarget(
    {
      waitingFor: 'badge',
      words: 'the new operator’s badge',
      onScan: ({ code }) => {
        setBadge(code.trim());
        problems.changed('new-operator-badge');
        focusField(form, 'new-operator-name');
      },
    },
    inForm,
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    setDone(null);
    for (const [schema, value, field] of [
      [Badge, badge, 'new-operator-badge'],
      [OperatorName, name, 'new-operator-name'],
      [Pin, pin, 'new-operator-pin'],
    ] as const) {
      const check = schema.safeParse(value);
      if (!check.success) return problems.refuse(field, check.error.issues[0]?.message ?? 'Check this field.');
    }
    // The station's own rule for this role and badge, so a trivial PIN is refused at its field first.
    const trivial = pinProblem(pin, { role, badge });
    if (trivial) return problems.refuse('new-operator-pin', trivial);
    problems.clear();
    const result = await action.run(() => station.call('operator.create', { badge: badge.trim(), name: name.trim(), role, pin }));
    if (result) {
      setDone(`${result.operator.name} added as ${ROLE_NAMES[result.operator.role]}.`);
      setBadge('');
      setName('');
      setPin('');
      onCreated();
      // The fields are empty for the next operator, whose badge comes first.
      readyForNext(form, 'new-operator-badge');
    }
  };
  return (
    <form
      className="subform"
      ref={form}
      onSubmit={submit}
      onFocus={() => setInForm(true)}
      onBlur={(event) => setInForm(event.currentTarget.contains(event.relatedTarget))}
      noValidate
      data-testid="create-operator-form"
    >
      <h3>Add an operator</h3>
      {/* At the top, by the badge field the focus goes back to: the foot is out of view by then. */}
      <p role="status" className="form-done" data-testid="create-operator-status">
        {done}
      </p>
      <div className="field-pair">
        <TextField label="Badge" value={badge} {...problems.bind('new-operator-badge', setBadge)} />
        <TextField label="Name" value={name} {...problems.bind('new-operator-name', setName)} />
      </div>
      <Choice legend="Role" name="role" options={RoleSchema.options.map((value) => ({ value, label: ROLE_NAMES[value] }))} value={role} onValue={setRole} testId="new-operator-role" />
      <TextField
        label="First PIN"
        type="password"
        inputMode="numeric"
        className="pin-input"
        value={pin}
        {...problems.bind('new-operator-pin', (value) => setPin(value.replace(/[^0-9]/g, '')), `${pinRule(role)} They can change it at the lock screen (Change my PIN).`)}
      />
      <ErrorNotice error={action.error} next={CREATE_ADVICE} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="create-operator-submit">
        Add operator
      </button>
    </form>
  );
}

function TrainingForm({ operators, onRecorded }: { operators: readonly OperatorView[]; onRecorded(): void }) {
  const station = useStation();
  const action = useAction();
  const today = new Date();
  const nextYear = new Date(today);
  nextYear.setFullYear(today.getFullYear() + 1);
  const [operatorId, setOperatorId] = useState('');
  const [kind, setKind] = useState<TrainingKind>('xrayOperator');
  const [completedOn, setCompletedOn] = useState(isoDay(today));
  const [expiresOn, setExpiresOn] = useState(isoDay(nextYear));
  const [trainer, setTrainer] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const problems = useFieldProblems(form);
  const operatorField = useId();
  const operatorHint = problems.hintFor('training-operator');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    setDone(null);
    if (operatorId === '') return problems.refuse('training-operator', 'Choose the operator who completed the training.');
    problems.clear();
    const result = await action.run(() => station.call('training.record', { operatorId, kind, completedOn, expiresOn, trainer: trainer.trim() || null }));
    if (result) {
      setDone(`${TRAINING_NAMES[kind]} recorded until ${result.record.expiresOn}.`);
      onRecorded();
      // The same course is often recorded for several operators: the form keeps it, and the focus
      // goes back to the operator list to choose the next one.
      readyForNext(form, 'training-operator');
    }
  };
  return (
    <form className="subform" ref={form} onSubmit={submit} noValidate data-testid="training-form">
      <h3>Record a training</h3>
      {/* At the top, by the operator list the focus goes back to: the foot is out of view by then. */}
      <p role="status" className="form-done" data-testid="training-status">
        {done}
      </p>
      <div className="field">
        <label className="field-label" htmlFor={operatorField}>
          Operator
        </label>
        {operatorHint !== undefined && (
          <p className="field-hint" id={`${operatorField}-hint`}>
            {operatorHint}
          </p>
        )}
        <select
          id={operatorField}
          className="select"
          value={operatorId}
          onChange={(event) => {
            setOperatorId(event.target.value);
            problems.changed('training-operator');
          }}
          aria-invalid={problems.invalid('training-operator')}
          aria-describedby={operatorHint !== undefined ? `${operatorField}-hint` : undefined}
          data-testid="training-operator"
        >
          <option value="">Choose…</option>
          {operators.map((known) => (
            <option key={known.id} value={known.id}>
              {known.name} ({known.badge})
            </option>
          ))}
        </select>
      </div>
      <Choice legend="Training" name="training-kind" options={TrainingKindSchema.options.map((value) => ({ value, label: TRAINING_NAMES[value] }))} value={kind} onValue={setKind} testId="training-kind" />
      <div className="field-pair">
        <TextField label="Completed on" type="date" value={completedOn} onValue={setCompletedOn} testId="training-completed" />
        <TextField label="Expires on" type="date" value={expiresOn} onValue={setExpiresOn} testId="training-expires" />
      </div>
      <TextField label="Trainer (optional)" value={trainer} onValue={setTrainer} testId="training-trainer" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="training-submit">
        Record training
      </button>
    </form>
  );
}
