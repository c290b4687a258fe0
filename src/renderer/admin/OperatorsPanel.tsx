import { useState, type FormEvent } from 'react';
import type { OperatorView, Role, TrainingKind } from '../../shared/contract/index.ts';
import { Badge, OperatorName, Pin, Role as RoleSchema, TrainingKind as TrainingKindSchema } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/useAction.ts';
import { useStationQuery } from '../hooks/useStationQuery.ts';
import { useSite } from '../site/SiteContext.tsx';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { Choice, TextField } from '../ui/Field.tsx';
import { ListTable } from '../ui/ListTable.tsx';
import { ROLE_NAMES } from '../ui/roles.ts';

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

  return (
    <section className="panel admin-panel" aria-labelledby="operators-title" data-testid="operators-panel">
      <h2 id="operators-title">Operators and training</h2>
      <ErrorNotice error={list.error ?? unlock.error} />
      <ListTable testId="operator-list" columns={['Name', 'Badge', 'Role', 'Training', 'Lock']} count={operators.length}>
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
            <td>
              {known.lockedUntil !== null ? (
                <button type="button" className="button button-small" disabled={unlock.busy} onClick={() => void unlock.run(() => station.call('operator.unlock', { operatorId: known.id })).then(load)}>
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
      </div>
    </section>
  );
}

function CreateOperatorForm({ onCreated }: { onCreated(): void }) {
  const station = useStation();
  const action = useAction();
  const [badge, setBadge] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('screener');
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    for (const [schema, value] of [
      [Badge, badge],
      [OperatorName, name],
      [Pin, pin],
    ] as const) {
      const check = schema.safeParse(value);
      if (!check.success) return action.setError(new StationRequestError('INVALID_ARGUMENTS', check.error.issues[0]?.message ?? 'Check the fields.'));
    }
    const result = await action.run(() => station.call('operator.create', { badge: badge.trim(), name: name.trim(), role, pin }));
    if (result) {
      setDone(`${result.operator.name} added as ${ROLE_NAMES[result.operator.role]}.`);
      setBadge('');
      setName('');
      setPin('');
      onCreated();
    }
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="create-operator-form">
      <h3>Add an operator</h3>
      <div className="field-pair">
        <TextField label="Badge" value={badge} onValue={setBadge} testId="new-operator-badge" />
        <TextField label="Name" value={name} onValue={setName} testId="new-operator-name" />
      </div>
      <Choice legend="Role" name="role" options={RoleSchema.options.map((value) => ({ value, label: ROLE_NAMES[value] }))} value={role} onValue={setRole} testId="new-operator-role" />
      <TextField label="First PIN" hint="4 to 12 digits; they should change it." type="password" inputMode="numeric" className="pin-input" value={pin} onValue={(value) => setPin(value.replace(/[^0-9]/g, ''))} testId="new-operator-pin" />
      <ErrorNotice error={action.error} />
      <p role="status" className="form-done" data-testid="create-operator-status">
        {done}
      </p>
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
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (operatorId === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose the operator who completed the training.'));
    const result = await action.run(() => station.call('training.record', { operatorId, kind, completedOn, expiresOn, trainer: trainer.trim() || null }));
    if (result) {
      setDone(`${TRAINING_NAMES[kind]} recorded until ${result.record.expiresOn}.`);
      onRecorded();
    }
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="training-form">
      <h3>Record a training</h3>
      <label className="field">
        <span className="field-label">Operator</span>
        <select className="select" value={operatorId} onChange={(event) => setOperatorId(event.target.value)} data-testid="training-operator">
          <option value="">Choose…</option>
          {operators.map((known) => (
            <option key={known.id} value={known.id}>
              {known.name} ({known.badge})
            </option>
          ))}
        </select>
      </label>
      <Choice legend="Training" name="training-kind" options={TrainingKindSchema.options.map((value) => ({ value, label: TRAINING_NAMES[value] }))} value={kind} onValue={setKind} testId="training-kind" />
      <div className="field-pair">
        <TextField label="Completed on" type="date" value={completedOn} onValue={setCompletedOn} testId="training-completed" />
        <TextField label="Expires on" type="date" value={expiresOn} onValue={setExpiresOn} testId="training-expires" />
      </div>
      <TextField label="Trainer (optional)" value={trainer} onValue={setTrainer} />
      <ErrorNotice error={action.error} />
      <p role="status" className="form-done" data-testid="training-status">
        {done}
      </p>
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="training-submit">
        Record training
      </button>
    </form>
  );
}
