import { useRef, useState, type FormEvent } from 'react';
import type { IncidentView, ItemDetail } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useItemDetail } from '../item/index.ts';
import { useSite } from '../site/index.ts';
import { useSiteLinkStatus } from '../siteLink/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Check, Choice, TextField } from '../ui/index.ts';
import { ITEM_STATE_NAMES } from '../ui/index.ts';
import { EMPTY_SECOND, SECOND_PERSON_ADVICE, SecondOperatorFields } from '../ui/index.ts';
import { LazyLabelPanel } from '../item/index.ts';
import { allows } from '../item/index.ts';
import { CustodyChain } from './CustodyChain.tsx';
import { SiteStationChoice, type StationChoice } from './SiteStationChoice.tsx';
import { ReportButton } from '../reports/index.ts';

const seals = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((seal) => seal.trim())
    .filter((seal) => seal !== '');

type Move = 'handOver' | 'toStation' | 'transfer' | 'release' | 'destroy';

/** Custody of the suspect item: quarantine it, then hand it over, transfer, release or destroy it. */
export function CustodyPanel({ incident }: { incident: IncidentView }) {
  const { detail, setDetail } = useItemDetail(incident.custodyId, 0);
  const { operator } = useSite();
  // Another station is a receiver only for a station joined to a site.
  const joinedSite = useSiteLinkStatus() !== null;
  const [move, setMove] = useState<Move>('handOver');
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A recorded move removes its form (and the focused button with it): the heading, which now
  // says the item's new state, takes the focus so the keyboard goes on from here.
  const moved = (next: ItemDetail) => {
    setDetail(next);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  const state = detail?.item.state;
  const coordinator = operator.role === 'coordinator';
  const moves: ReadonlyArray<{ value: Move; label: string }> = [
    { value: 'handOver', label: 'Hand over to responders' },
    ...(joinedSite ? [{ value: 'toStation' as const, label: 'Hand over to another station or the security office' }] : []),
    { value: 'transfer', label: 'Transfer to another operator' },
    ...(coordinator
      ? [
          { value: 'release' as const, label: 'Release (found harmless)' },
          { value: 'destroy' as const, label: 'Record destroyed' },
        ]
      : []),
  ];
  // The frame, its heading and the custody form show at once, while the item loads: a Tab pressed
  // meanwhile still has somewhere to go.
  return (
    <section className="record-block custody-panel" aria-label="Custody of the item" aria-busy={detail === null || undefined} data-testid="custody-panel" data-item-state={state}>
      <h3 ref={headingRef} tabIndex={-1} data-testid="custody-heading">
        Custody of the item{state !== undefined && <> — <span data-testid="custody-item-state">{ITEM_STATE_NAMES[state]}</span></>}
      </h3>
      {detail !== null && <CustodyChain custody={detail.custody} />}
      <ReportButton paper={{ kind: 'custodyForm', custodyId: incident.custodyId }} className="button button-small" testId="incident-custody-form" />
      {detail !== null && !allows(detail, 'quarantine') && <LazyLabelPanel custodyId={incident.custodyId} template="custody" />}
      {detail !== null && allows(detail, 'quarantine') && <QuarantineForm detail={detail} onDone={moved} />}
      {detail !== null && allows(detail, 'transferCustody') && (
        <>
          <Choice legend="Next custody step" name="custody-move" options={moves} value={move} onValue={setMove} testId="custody-move" />
          {!coordinator && <p className="field-hint">Release and destruction need the coordinator and a second person.</p>}
          {move === 'handOver' && <HandOverForm detail={detail} onDone={moved} />}
          {move === 'toStation' && <ToStationForm detail={detail} onDone={moved} />}
          {move === 'transfer' && <TransferForm detail={detail} onDone={moved} />}
          {(move === 'release' || move === 'destroy') && <ReleaseDestroyForm key={move} detail={detail} destroy={move === 'destroy'} onDone={moved} />}
        </>
      )}
    </section>
  );
}

function QuarantineForm({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [location, setLocation] = useState('');
  const [sealText, setSealText] = useState('');
  const [reason, setReason] = useState('Suspect item isolated');
  // A seal's barcode, scanned, is added to the seal numbers.
  useScanTarget({ waitingFor: 'seal', words: 'a seal number', onScan: ({ code }) => setSealText((text) => withSeal(text, code)) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (location.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say where the item is isolated.'));
    const result = await action.run(() => station.call('custody.quarantine', { custodyId: detail.item.custodyId, location: location.trim(), sealNumbers: seals(sealText), reason: reason.trim() }));
    if (result) onDone(result.detail);
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="quarantine-form">
      <h4>Quarantine: record where the item is and its seals</h4>
      <TextField label="Where it is isolated" value={location} onValue={setLocation} testId="quarantine-location" />
      <TextField label="Seal numbers" hint="Separate several with commas. Leave empty if not sealed." value={sealText} onValue={setSealText} testId="quarantine-seals" />
      <TextField label="Reason" value={reason} onValue={setReason} testId="quarantine-reason" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="quarantine-submit">
        Record quarantine
      </button>
    </form>
  );
}

/** The seal numbers with one more (a scanned seal), unless it is listed already. */
function withSeal(text: string, code: string): string {
  const seal = code.trim();
  const listed = seals(text);
  if (seal === '' || listed.includes(seal)) return text;
  return [...listed, seal].join(', ');
}

function lastSeals(detail: ItemDetail): string {
  return detail.custody.at(-1)?.sealNumbers.join(', ') ?? '';
}

function HandOverForm({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [name, setName] = useState('');
  const [agency, setAgency] = useState('');
  const [badgeNumber, setBadgeNumber] = useState('');
  const [identityChecked, setIdentityChecked] = useState(false);
  const [sealText, setSealText] = useState(lastSeals(detail));
  const [sealIntact, setSealIntact] = useState(false);
  const [reason, setReason] = useState('Handed over to responders for examination');
  // The responder's ID card first, then the seals: each scan fills what is still missing.
  const needsResponder = badgeNumber.trim() === '';
  useScanTarget({
    waitingFor: needsResponder ? 'responder' : 'seal',
    words: needsResponder ? 'the responder’s ID (badge number)' : 'a seal number',
    onScan: ({ code }) => {
      if (badgeNumber.trim() === '') setBadgeNumber(code.trim());
      else setSealText((text) => withSeal(text, code));
    },
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (name.trim() === '' || agency.trim() === '' || badgeNumber.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the responder’s name, agency and badge number.'));
    if (!identityChecked) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Check the responder’s identification, then tick the box.'));
    const result = await action.run(() =>
      station.call('custody.transfer', {
        custodyId: detail.item.custodyId,
        receivedBy: { kind: 'external', name: name.trim(), agency: agency.trim(), badgeNumber: badgeNumber.trim(), identityChecked: true },
        reason: reason.trim(),
        sealNumbers: seals(sealText),
        sealIntact,
      }),
    );
    if (result) onDone(result.detail);
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="handover-form">
      <h4>Hand over to a responder</h4>
      <div className="field-pair">
        <TextField label="Responder’s name" value={name} onValue={setName} testId="handover-name" />
        <TextField label="Agency" value={agency} onValue={setAgency} testId="handover-agency" />
      </div>
      <div className="field-pair">
        <TextField label="Their badge number" value={badgeNumber} onValue={setBadgeNumber} testId="handover-badge" />
        <TextField label="Seal numbers" value={sealText} onValue={setSealText} testId="handover-seals" />
      </div>
      <Check label="I checked the responder’s identification" checked={identityChecked} onChecked={setIdentityChecked} testId="handover-identity" />
      <Check label="The seals are intact" checked={sealIntact} onChecked={setSealIntact} testId="handover-seal-intact" />
      <TextField label="Reason" value={reason} onValue={setReason} testId="handover-reason" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="handover-submit">
        Record hand-over
      </button>
    </form>
  );
}

/** The item leaves this station for another of the site: that station records its receipt, the site pairs the two. */
function ToStationForm({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [to, setTo] = useState<StationChoice>({ station: '', unlisted: false });
  const [sealText, setSealText] = useState(lastSeals(detail));
  const [sealIntact, setSealIntact] = useState(false);
  const [reason, setReason] = useState('Sent to the security office');
  useScanTarget({ waitingFor: 'seal', words: 'a seal number', onScan: ({ code }) => setSealText((text) => withSeal(text, code)) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (to.station.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose the receiving station, or type its ID (ST-…) as its screen shows it.'));
    const receivedBy = { kind: 'station' as const, station: to.station.trim(), ...(to.unlisted ? { unlisted: true as const } : {}) };
    const result = await action.run(() => station.call('custody.transfer', { custodyId: detail.item.custodyId, receivedBy, reason: reason.trim(), sealNumbers: seals(sealText), sealIntact }));
    if (result) onDone(result.detail);
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="to-station-form">
      <h4>Hand over to another station</h4>
      <p className="field-hint">The item leaves this station. The receiving station records its receipt and the seals as they arrive; the site matches the two.</p>
      <SiteStationChoice value={to} onValue={setTo} />
      <TextField label="Seal numbers" value={sealText} onValue={setSealText} testId="to-station-seals" />
      <Check label="The seals are intact" checked={sealIntact} onChecked={setSealIntact} testId="to-station-seal-intact" />
      <TextField label="Reason" value={reason} onValue={setReason} testId="to-station-reason" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="to-station-submit">
        Record hand-over to the station
      </button>
    </form>
  );
}

function TransferForm({ detail, onDone }: { detail: ItemDetail; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [receiver, setReceiver] = useState(EMPTY_SECOND);
  const [sealText, setSealText] = useState(lastSeals(detail));
  const [sealIntact, setSealIntact] = useState(false);
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (reason.trim().length < 3) return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Say why custody changes hands.'));
    const result = await action.run(() =>
      station.call('custody.transfer', {
        custodyId: detail.item.custodyId,
        receivedBy: { kind: 'operator', badge: receiver.badge.trim(), pin: receiver.pin },
        reason: reason.trim(),
        sealNumbers: seals(sealText),
        sealIntact,
      }),
    );
    if (result) onDone(result.detail);
    else setReceiver((r) => ({ ...r, pin: '' }));
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="transfer-form">
      <h4>Transfer to another operator</h4>
      <SecondOperatorFields value={receiver} onValue={setReceiver} purpose="receives custody" testId="transfer-receiver" />
      <TextField label="Seal numbers" value={sealText} onValue={setSealText} testId="transfer-seals" />
      <Check label="The seals are intact" checked={sealIntact} onChecked={setSealIntact} testId="transfer-seal-intact" />
      <TextField label="Reason" value={reason} onValue={setReason} testId="transfer-reason" />
      <ErrorNotice error={action.error} next={SECOND_PERSON_ADVICE} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="transfer-submit">
        Record transfer
      </button>
    </form>
  );
}

function ReleaseDestroyForm({ detail, destroy, onDone }: { detail: ItemDetail; destroy: boolean; onDone(detail: ItemDetail): void }) {
  const station = useStation();
  const action = useAction();
  const [second, setSecond] = useState(EMPTY_SECOND);
  const [sealIntact, setSealIntact] = useState(false);
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (reason.trim().length < 3) return action.setError(new StationRequestError('INVALID_ARGUMENTS', destroy ? 'Say why and how it was destroyed.' : 'Say why the item is harmless (for example: lab result).'));
    const custodyId = detail.item.custodyId;
    const secondOperator = { badge: second.badge.trim(), pin: second.pin };
    const result = await action.run(() =>
      destroy ? station.call('custody.destroy', { custodyId, reason: reason.trim(), secondOperator }) : station.call('custody.release', { custodyId, reason: reason.trim(), secondOperator, sealIntact }),
    );
    if (result) onDone(result.detail);
    else setSecond((s) => ({ ...s, pin: '' }));
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid={destroy ? 'destroy-form' : 'release-form'}>
      <h4>{destroy ? 'Record the item destroyed' : 'Release from quarantine'} (two people)</h4>
      <TextField label="Reason" value={reason} onValue={setReason} testId={destroy ? 'destroy-reason' : 'release-reason'} />
      {!destroy && <Check label="The seals are intact" checked={sealIntact} onChecked={setSealIntact} testId="release-seal-intact" />}
      <SecondOperatorFields value={second} onValue={setSecond} purpose={destroy ? 'confirms the destruction' : 'confirms the release'} testId={destroy ? 'destroy-second' : 'release-second'} />
      <ErrorNotice error={action.error} next={SECOND_PERSON_ADVICE} />
      <button type="submit" className="button button-danger" disabled={action.busy} data-testid={destroy ? 'destroy-submit' : 'release-submit'}>
        {destroy ? 'Record destroyed' : 'Release'}
      </button>
    </form>
  );
}
