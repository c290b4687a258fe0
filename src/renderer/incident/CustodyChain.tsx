import type { CustodyParty, CustodyTransferView } from '../../shared/contract/index.ts';
import { CUSTODY_KIND_NAMES } from '../../shared/words/index.ts';
import { formatReceivedTime } from '../ui/index.ts';


export function partyName(party: CustodyParty): string {
  if (party.kind === 'external') return `${party.name} (${party.agency}, badge ${party.badgeNumber})`;
  return party.name;
}

/** The chain of custody, oldest first: who gave it, who took it, when, seals. */
export function CustodyChain({ custody }: { custody: readonly CustodyTransferView[] }) {
  if (custody.length === 0) return <p className="muted">No custody record yet: the item has not been quarantined.</p>;
  return (
    <ol className="custody-chain" data-testid="custody-chain">
      {custody.map((transfer) => (
        <li key={transfer.id} data-kind={transfer.kind}>
          <strong>{CUSTODY_KIND_NAMES[transfer.kind]}</strong> {formatReceivedTime(transfer.at)}: {partyName(transfer.releasedBy)} → {partyName(transfer.receivedBy)}
          {transfer.location && ` · at ${transfer.location}`}
          {transfer.sealNumbers.length > 0 && ` · seals ${transfer.sealNumbers.join(', ')}`}
          {transfer.sealIntact !== null && ` (${transfer.sealIntact ? 'intact' : 'NOT intact'})`}
          {transfer.secondBy !== null && ' · two-person'}
          <span className="muted"> — {transfer.reason}</span>
        </li>
      ))}
    </ol>
  );
}
