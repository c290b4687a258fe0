import { useState, type FormEvent } from 'react';
import type { IncidentView, PersonInvolvement } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/useAction.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { Choice, TextAreaField, TextField } from '../ui/Field.tsx';
import { formatReceivedTime } from '../ui/formatTime.ts';

interface FormProps {
  incident: IncidentView;
  onSaved(incident: IncidentView): void;
}

const INVOLVEMENT_NAMES: Readonly<Record<PersonInvolvement, string>> = { present: 'Was present', handled: 'Handled the item', both: 'Present and handled it' };

/** Everyone present and everyone who handled the item: public health and police each get this list. */
export function PersonsForm({ incident, onSaved, defaultInvolvement }: FormProps & { defaultInvolvement: PersonInvolvement }) {
  const station = useStation();
  const action = useAction();
  const [name, setName] = useState('');
  const [involvement, setInvolvement] = useState<PersonInvolvement>(defaultInvolvement);
  const [contact, setContact] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (name.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the person’s name.'));
    const result = await action.run(() => station.call('incident.addPerson', { incidentId: incident.id, name: name.trim(), involvement, contact: contact.trim() || null }));
    if (result) {
      onSaved(result.incident);
      setName('');
      setContact('');
    }
  };
  return (
    <section className="record-block" aria-label="Persons present and handling">
      <h3>Persons present and who handled the item</h3>
      <ul className="record-list" data-testid="persons-list">
        {incident.persons.length === 0 && <li className="muted">Nobody listed yet.</li>}
        {incident.persons.map((person, index) => (
          <li key={index}>
            <strong>{person.name}</strong> — {INVOLVEMENT_NAMES[person.involvement]}
            {person.contact && ` · ${person.contact}`}
          </li>
        ))}
      </ul>
      <form className="subform" onSubmit={submit} noValidate data-testid="person-form">
        <div className="field-pair">
          <TextField label="Name" value={name} onValue={setName} testId="person-name" />
          <TextField label="Contact (phone, desk)" value={contact} onValue={setContact} testId="person-contact" />
        </div>
        <Choice legend="Involvement" name="involvement" options={(['present', 'handled', 'both'] as const).map((value) => ({ value, label: INVOLVEMENT_NAMES[value] }))} value={involvement} onValue={setInvolvement} testId="person-involvement" />
        <ErrorNotice error={action.error} />
        <button type="submit" className="button button-primary" disabled={action.busy} data-testid="person-add">
          Add to the list
        </button>
      </form>
    </section>
  );
}

/** A call made: agency, reference number, notes. The time is the station's, now. */
export function NotificationForm({ incident, onSaved, agency: presetAgency }: FormProps & { agency: string }) {
  const station = useStation();
  const action = useAction();
  const [agency, setAgency] = useState(presetAgency);
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (agency.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say who was notified.'));
    const result = await action.run(() => station.call('incident.addNotification', { incidentId: incident.id, agency: agency.trim(), reference: reference.trim() || null, notes: notes.trim() }));
    if (result) {
      onSaved(result.incident);
      setReference('');
      setNotes('');
    }
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="notification-form">
      <h3>Log the call</h3>
      <div className="field-pair">
        <TextField label="Who was notified" value={agency} onValue={setAgency} testId="notification-agency" />
        <TextField label="Their reference number (if given)" value={reference} onValue={setReference} testId="notification-reference" />
      </div>
      <TextField label="Notes" value={notes} onValue={setNotes} testId="notification-notes" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="notification-add">
        Log this notification
      </button>
    </form>
  );
}

export function NotificationLog({ incident }: { incident: IncidentView }) {
  return (
    <ul className="record-list" data-testid="notification-log">
      {incident.notifications.length === 0 && <li className="muted">No notifications logged yet.</li>}
      {incident.notifications.map((n, index) => (
        <li key={index}>
          <strong>{n.agency}</strong> at {formatReceivedTime(n.notifiedAt)}
          {n.reference && ` · ref. ${n.reference}`}
          {n.notes && ` · ${n.notes}`}
        </li>
      ))}
    </ul>
  );
}

/** The DHS documentation fields, recorded without disturbing the item. */
export function DocumentationForm({ incident, onSaved, evacuation }: FormProps & { evacuation: boolean }) {
  const station = useStation();
  const action = useAction();
  const d = incident.details;
  const [location, setLocation] = useState(d.location ?? '');
  const [substance, setSubstance] = useState(d.substanceDescription ?? '');
  const [piece, setPiece] = useState(d.mailPieceDescription ?? '');
  const [addressee, setAddressee] = useState(d.addressee ?? '');
  const [mailer, setMailer] = useState(d.mailer ?? '');
  const [distance, setDistance] = useState(d.evacuationDistanceMeters !== undefined ? String(d.evacuationDistanceMeters) : incident.evacuationDistanceMeters !== null ? String(incident.evacuationDistanceMeters) : '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const meters = distance.trim() === '' ? undefined : Number(distance.trim());
    if (meters !== undefined && !(meters >= 0 && meters <= 5000)) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'The evacuation distance is a number of metres, up to 5000.'));
    const details = evacuation
      ? { evacuationDistanceMeters: meters }
      : { location: location.trim(), substanceDescription: substance.trim(), mailPieceDescription: piece.trim(), addressee: addressee.trim(), mailer: mailer.trim() };
    const result = await action.run(() => station.call('incident.recordDetails', { incidentId: incident.id, details }));
    if (result) onSaved(result.incident);
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid={evacuation ? 'evacuation-form' : 'documentation-form'}>
      <h3>{evacuation ? 'Evacuation distance' : 'Documentation (without disturbing the item)'}</h3>
      {evacuation ? (
        <TextField label="Area cleared to (metres)" hint={incident.noRadioWithinMeters !== null ? `No radios or mobile phones within ${incident.noRadioWithinMeters} m.` : undefined} inputMode="numeric" value={distance} onValue={setDistance} testId="evacuation-distance" />
      ) : (
        <>
          <TextField label="Where the item or substance is" value={location} onValue={setLocation} testId="doc-location" />
          <TextAreaField label="Description of the substance" value={substance} onValue={setSubstance} testId="doc-substance" />
          <TextAreaField label="Description of the mail piece (markings, labels, postage)" value={piece} onValue={setPiece} testId="doc-piece" />
          <div className="field-pair">
            <TextField label="Addressee" value={addressee} onValue={setAddressee} testId="doc-addressee" />
            <TextField label="Mailer (as shown)" value={mailer} onValue={setMailer} testId="doc-mailer" />
          </div>
        </>
      )}
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid={evacuation ? 'evacuation-save' : 'doc-save'}>
        Save
      </button>
    </form>
  );
}

export function WitnessForm({ incident, onSaved }: FormProps) {
  const station = useStation();
  const action = useAction();
  const [witness, setWitness] = useState('');
  const [statement, setStatement] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (witness.trim() === '' || statement.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the witness’s name and their statement in their words.'));
    const result = await action.run(() => station.call('incident.addWitnessStatement', { incidentId: incident.id, witnessName: witness.trim(), statement: statement.trim() }));
    if (result) {
      onSaved(result.incident);
      setWitness('');
      setStatement('');
    }
  };
  return (
    <section className="record-block" aria-label="Witness statements">
      <h3>Witness statements</h3>
      <ul className="record-list">
        {incident.witnessStatements.length === 0 && <li className="muted">No statements yet.</li>}
        {incident.witnessStatements.map((w, index) => (
          <li key={index}>
            <strong>{w.witnessName}</strong>: {w.statement}
          </li>
        ))}
      </ul>
      <form className="subform" onSubmit={submit} noValidate data-testid="witness-form">
        <TextField label="Witness" value={witness} onValue={setWitness} testId="witness-name" />
        <TextAreaField label="Statement, in their words" value={statement} onValue={setStatement} testId="witness-statement" />
        <ErrorNotice error={action.error} />
        <button type="submit" className="button button-primary" disabled={action.busy} data-testid="witness-add">
          Record statement
        </button>
      </form>
    </section>
  );
}

export function RespondersForm({ incident, onSaved }: FormProps) {
  const station = useStation();
  const action = useAction();
  const [agency, setAgency] = useState('');
  const [names, setNames] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (agency.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type which service arrived (for example: Fire hazmat).'));
    const result = await action.run(() => station.call('incident.recordResponders', { incidentId: incident.id, agency: agency.trim(), names: names.trim() || null }));
    if (result) {
      onSaved(result.incident);
      setAgency('');
      setNames('');
    }
  };
  return (
    <section className="record-block" aria-label="Responders">
      <h3>Responders on site</h3>
      <ul className="record-list" data-testid="responders-list">
        {incident.responders.length === 0 && <li className="muted">No responders recorded yet.</li>}
        {incident.responders.map((r, index) => (
          <li key={index}>
            <strong>{r.agency}</strong> arrived {formatReceivedTime(r.arrivedAt)}
            {r.names && ` · ${r.names}`}
          </li>
        ))}
      </ul>
      <form className="subform" onSubmit={submit} noValidate data-testid="responders-form">
        <div className="field-pair">
          <TextField label="Service" value={agency} onValue={setAgency} testId="responder-agency" />
          <TextField label="Names or unit" value={names} onValue={setNames} testId="responder-names" />
        </div>
        <ErrorNotice error={action.error} />
        <button type="submit" className="button button-primary" disabled={action.busy} data-testid="responder-add">
          Record arrival now
        </button>
      </form>
    </section>
  );
}
