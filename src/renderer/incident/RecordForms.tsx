import { useState, type ReactNode } from 'react';
import type { IncidentView, PersonInvolvement } from '../../shared/contract/index.ts';
import { PERSON_INVOLVEMENT_NAMES } from '../../shared/words/index.ts';
import { useFormSubmit } from '../hooks/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { useStation } from '../station/index.ts';
import { Choice, TextAreaField, TextField } from '../ui/index.ts';
import { FormSubmit } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';

interface FormProps {
  incident: IncidentView;
  onSaved(incident: IncidentView): void;
}


/** A form that adds to the incident's record: the station's answer goes to onSaved, then the form may clear. */
function useRecordForm({ onSaved }: Pick<FormProps, 'onSaved'>) {
  const station = useStation();
  const form = useFormSubmit();
  const save = (call: string | (() => Promise<{ incident: IncidentView }>), clear?: () => void) =>
    form.submit(call, (result) => {
      onSaved(result.incident);
      clear?.();
    });
  return { station, form, save };
}

/** One list on the incident's record (what is listed so far, or `empty`) with the form that adds to it. */
function RecordBlock<T>({ label, title, items, empty, listTestId, render, children }: { label: string; title: string; items: readonly T[]; empty: string; listTestId?: string; render(item: T): ReactNode; children: ReactNode }) {
  return (
    <section className="record-block" aria-label={label}>
      <h3>{title}</h3>
      <ul className="record-list" data-testid={listTestId}>
        {items.length === 0 && <li className="muted">{empty}</li>}
        {items.map((item, index) => (
          <li key={index}>{render(item)}</li>
        ))}
      </ul>
      {children}
    </section>
  );
}

/** Everyone present and everyone who handled the item: public health and police each get this list. */
export function PersonsForm({ incident, onSaved, defaultInvolvement }: FormProps & { defaultInvolvement: PersonInvolvement }) {
  const { station, form, save } = useRecordForm({ onSaved });
  const [name, setName] = useState('');
  const [involvement, setInvolvement] = useState<PersonInvolvement>(defaultInvolvement);
  const [contact, setContact] = useState('');
  const submit = save(
    name.trim() === ''
      ? 'Type the person’s name.'
      : () => station.call('incident.addPerson', { incidentId: incident.id, name: name.trim(), involvement, contact: contact.trim() || null }),
    () => {
      setName('');
      setContact('');
    },
  );
  return (
    <RecordBlock
      label="Persons present and handling"
      title="Persons present and who handled the item"
      items={incident.persons}
      empty="Nobody listed yet."
      listTestId="persons-list"
      render={(person) => (
        <>
          <strong>{person.name}</strong> — {PERSON_INVOLVEMENT_NAMES[person.involvement]}
          {person.contact && ` · ${person.contact}`}
        </>
      )}
    >
      <form className="subform" onSubmit={submit} noValidate data-testid="person-form">
        <div className="field-pair">
          <TextField label="Name" value={name} onValue={setName} testId="person-name" />
          <TextField label="Contact (phone, desk)" value={contact} onValue={setContact} testId="person-contact" />
        </div>
        <Choice legend="Involvement" name="involvement" options={(['present', 'handled', 'both'] as const).map((value) => ({ value, label: PERSON_INVOLVEMENT_NAMES[value] }))} value={involvement} onValue={setInvolvement} testId="person-involvement" />
        <FormSubmit action={form} testId="person-add">
          Add to the list
        </FormSubmit>
      </form>
    </RecordBlock>
  );
}

/** A call made: agency, reference number, notes. The time is the station's, now. */
export function NotificationForm({ incident, onSaved, agency: presetAgency, stepId }: FormProps & { agency: string; /** The notify step this call is logged for. */ stepId?: string }) {
  const { station, form, save } = useRecordForm({ onSaved });
  const [agency, setAgency] = useState(presetAgency);
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');
  const submit = save(
    agency.trim() === ''
      ? 'Say who was notified.'
      : () => station.call('incident.addNotification', { incidentId: incident.id, agency: agency.trim(), reference: reference.trim() || null, notes: notes.trim(), stepId }),
    () => {
      setReference('');
      setNotes('');
    },
  );
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="notification-form">
      <h3>Log the call</h3>
      <div className="field-pair">
        <TextField label="Who was notified" value={agency} onValue={setAgency} testId="notification-agency" />
        <TextField label="Their reference number (if given)" value={reference} onValue={setReference} testId="notification-reference" />
      </div>
      <TextField label="Notes" value={notes} onValue={setNotes} testId="notification-notes" />
      <FormSubmit action={form} testId="notification-add">
        Log this notification
      </FormSubmit>
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
  const { station, form, save } = useRecordForm({ onSaved });
  const d = incident.details;
  const [location, setLocation] = useState(d.location ?? '');
  const [substance, setSubstance] = useState(d.substanceDescription ?? '');
  const [piece, setPiece] = useState(d.mailPieceDescription ?? '');
  const [addressee, setAddressee] = useState(d.addressee ?? '');
  const [mailer, setMailer] = useState(d.mailer ?? '');
  const [distance, setDistance] = useState(d.evacuationDistanceMeters !== undefined ? String(d.evacuationDistanceMeters) : incident.evacuationDistanceMeters !== null ? String(incident.evacuationDistanceMeters) : '');
  const meters = distance.trim() === '' ? undefined : Number(distance.trim());
  const details = evacuation
    ? { evacuationDistanceMeters: meters }
    : { location: location.trim(), substanceDescription: substance.trim(), mailPieceDescription: piece.trim(), addressee: addressee.trim(), mailer: mailer.trim() };
  const submit = save(
    meters !== undefined && !(meters >= 0 && meters <= 5000) ? 'The evacuation distance is a number of metres, up to 5000.' : () => station.call('incident.recordDetails', { incidentId: incident.id, details }),
  );
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
      <FormSubmit action={form} testId={evacuation ? 'evacuation-save' : 'doc-save'}>
        Save
      </FormSubmit>
    </form>
  );
}

export function WitnessForm({ incident, onSaved }: FormProps) {
  const { station, form, save } = useRecordForm({ onSaved });
  const [witness, setWitness] = useState('');
  const [statement, setStatement] = useState('');
  const submit = save(
    witness.trim() === '' || statement.trim() === ''
      ? 'Type the witness’s name and their statement in their words.'
      : () => station.call('incident.addWitnessStatement', { incidentId: incident.id, witnessName: witness.trim(), statement: statement.trim() }),
    () => {
      setWitness('');
      setStatement('');
    },
  );
  return (
    <RecordBlock
      label="Witness statements"
      title="Witness statements"
      items={incident.witnessStatements}
      empty="No statements yet."
      render={(w) => (
        <>
          <strong>{w.witnessName}</strong>: {w.statement}
        </>
      )}
    >
      <form className="subform" onSubmit={submit} noValidate data-testid="witness-form">
        <TextField label="Witness" value={witness} onValue={setWitness} testId="witness-name" />
        <TextAreaField label="Statement, in their words" value={statement} onValue={setStatement} testId="witness-statement" />
        <FormSubmit action={form} testId="witness-add">
          Record statement
        </FormSubmit>
      </form>
    </RecordBlock>
  );
}

export function RespondersForm({ incident, onSaved }: FormProps) {
  const { station, form, save } = useRecordForm({ onSaved });
  const [agency, setAgency] = useState('');
  const [names, setNames] = useState('');
  // A responder's ID card, scanned, is added to the names or unit.
  useScanTarget({
    waitingFor: 'responder',
    words: 'a responder’s ID',
    onScan: ({ code }) => {
      const id = code.trim();
      setNames((before) => (before.trim() === '' ? id : before.includes(id) ? before : `${before.trim()}, ${id}`));
    },
  });
  const submit = save(
    agency.trim() === ''
      ? 'Type which service arrived (for example: Fire hazmat).'
      : () => station.call('incident.recordResponders', { incidentId: incident.id, agency: agency.trim(), names: names.trim() || null }),
    () => {
      setAgency('');
      setNames('');
    },
  );
  return (
    <RecordBlock
      label="Responders"
      title="Responders on site"
      items={incident.responders}
      empty="No responders recorded yet."
      listTestId="responders-list"
      render={(r) => (
        <>
          <strong>{r.agency}</strong> arrived {formatReceivedTime(r.arrivedAt)}
          {r.names && ` · ${r.names}`}
        </>
      )}
    >
      <form className="subform" onSubmit={submit} noValidate data-testid="responders-form">
        <div className="field-pair">
          <TextField label="Service" value={agency} onValue={setAgency} testId="responder-agency" />
          <TextField label="Names or unit" value={names} onValue={setNames} testId="responder-names" />
        </div>
        <FormSubmit action={form} testId="responder-add">
          Record arrival now
        </FormSubmit>
      </form>
    </RecordBlock>
  );
}
