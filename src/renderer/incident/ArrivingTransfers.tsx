import { useState, type FormEvent } from 'react';
import type { StationReceipt, StationTransfer } from '../../shared/contract/index.ts';
import { useAction, useStationQuery } from '../hooks/index.ts';
import { StationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { Check, CustodyId, ErrorNotice, formatReceivedTime, TextField } from '../ui/index.ts';

const seals = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((seal) => seal.trim())
    .filter((seal) => seal !== '');

function receiptWords(receipt: StationReceipt): string {
  const seen = receipt.handOverSeen ? '' : ' The site did not show the hand-over yet: it will pair them when it arrives.';
  const differ = receipt.sealsDiffer ? ' The seals differ from those the sending station recorded: the site shows the pair as mismatched.' : '';
  return `Receipt of ${receipt.custodyId} from ${receipt.fromStation} recorded.${differ}${seen}`;
}

/**
 * Items other stations handed over to this one, waiting for their receipt (custody between
 * stations): each is received here with the seals as they arrived. An item not listed (the site
 * not reached, or the sending station offline) is received from its label's details.
 */
export function ArrivingTransfers({ refreshKey }: { refreshKey: number }) {
  const list = useStationQuery('custody.waitingHere', {}, refreshKey);
  const [done, setDone] = useState<StationReceipt | null>(null);
  // Live: the station follows the site and says when the hand-overs to it changed (one arrived, one was received elsewhere).
  useStationEvent('custody.arriving', () => void list.reload());
  if (list.value?.site === 'none') return null;
  const transfers = list.value?.transfers ?? [];
  const received = (receipt: StationReceipt) => {
    setDone(receipt);
    void list.reload();
  };
  return (
    <section className="record-block arriving-transfers" aria-labelledby="arriving-title" data-testid="arriving-transfers">
      <h2 id="arriving-title">Arriving from other stations</h2>
      <ErrorNotice error={list.error} />
      {done && (
        <p role="status" data-testid="arriving-done">
          {receiptWords(done)}
        </p>
      )}
      {list.value?.site === 'offline' && <p className="field-hint">The site is not reached now: record an arriving item from its label (the sending station and its custody ID).</p>}
      {list.value?.site === 'online' && transfers.length === 0 && <p className="muted">No item is on its way to this station.</p>}
      <ul className="arriving-list">
        {transfers.map((transfer) => (
          <li key={`${transfer.fromStation}/${transfer.custodyId}`} data-testid="arriving-transfer">
            <ReceiveForm transfer={transfer} onDone={received} />
          </li>
        ))}
      </ul>
      <details>
        <summary>Receive an item not listed</summary>
        <ReceiveForm transfer={null} onDone={received} />
      </details>
    </section>
  );
}

function ReceiveForm({ transfer, onDone }: { transfer: StationTransfer | null; onDone(receipt: StationReceipt): void }) {
  const station = useStation();
  const action = useAction();
  const [fromStation, setFromStation] = useState(transfer?.fromStation ?? '');
  const [custodyId, setCustodyId] = useState(transfer?.custodyId ?? '');
  const [sealText, setSealText] = useState('');
  const [sealIntact, setSealIntact] = useState(false);
  const [note, setNote] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (fromStation.trim() === '' || custodyId.trim() === '') return action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Type the sending station’s ID and the item’s custody ID from its label.'));
    const result = await action.run(() =>
      station.call('custody.receiveFromStation', { fromStation: fromStation.trim(), custodyId: custodyId.trim().toUpperCase(), sealNumbers: seals(sealText), sealIntact, note: note.trim() === '' ? null : note.trim() }),
    );
    if (result) onDone(result.receipt);
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="receive-form">
      {transfer ? (
        <p>
          <CustodyId value={transfer.custodyId} /> from station {transfer.fromStation}, handed over {formatReceivedTime(transfer.handedOverAt)} by {transfer.releasedBy}
          {transfer.sealNumbers.length > 0 ? ` under seals ${transfer.sealNumbers.join(', ')}` : ', not sealed'}.
        </p>
      ) : (
        <div className="field-pair">
          <TextField label="Sending station’s ID" value={fromStation} onValue={setFromStation} testId="receive-from" />
          <TextField label="Custody ID on its label" value={custodyId} onValue={setCustodyId} testId="receive-custody-id" />
        </div>
      )}
      <TextField label="Seal numbers on the item as it arrived" hint="Read them off the item; do not copy the list above." value={sealText} onValue={setSealText} testId="receive-seals" />
      <Check label="The seals are intact" checked={sealIntact} onChecked={setSealIntact} testId="receive-seal-intact" />
      <TextField label="Note" value={note} onValue={setNote} testId="receive-note" />
      <ErrorNotice error={action.error} />
      <button type="submit" className="button button-primary" disabled={action.busy} data-testid="receive-submit">
        Record receipt
      </button>
    </form>
  );
}
