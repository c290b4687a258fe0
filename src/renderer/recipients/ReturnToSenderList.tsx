import { useState } from 'react';
import { useStationQuery } from '../hooks/index.ts';
import { useStationEvent } from '../station/index.ts';
import { CustodyId, ErrorNotice, ITEM_TYPE_NAMES, ListTable, formatReceivedTime } from '../ui/index.ts';
import './recipients.css';

/**
 * Cleared items nobody came for in the notice schedule's days: the screener opens one and returns it
 * (Deliver, "Return to carrier or sender"). Shown only when there are some; read again whenever an
 * item changes (one delivered or returned leaves the list).
 */
export function ReturnToSenderList({ onOpen }: { onOpen(custodyId: string): void }) {
  const [changes, setChanges] = useState(0);
  useStationEvent('item.changed', () => setChanges((n) => n + 1));
  const list = useStationQuery('notices.returnToSender', {}, changes);
  const rows = list.value?.items ?? [];
  if (rows.length === 0 && list.error === null) return null;
  return (
    <section className="return-list" aria-labelledby="return-list-title" data-testid="return-list">
      <h2 id="return-list-title" className="section-title">
        Return to sender: not collected in {list.value?.afterDays ?? '…'} days
      </h2>
      <ErrorNotice error={list.error} />
      <ListTable testId="return-list-table" columns={['Custody ID', 'Item', 'Recipient', 'Cleared', 'Waiting']} count={rows.length} regionLabel="Items to return to sender" regionClassName="return-scroll">
        {rows.map(({ item, recipient, waitingSince, days }) => (
          <tr key={item.custodyId} data-testid="return-row" data-custody-id={item.custodyId}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onOpen(item.custodyId)} data-testid="return-open-item">
                <CustodyId value={item.custodyId} />
              </button>
            </th>
            <td>{item.itemType ? ITEM_TYPE_NAMES[item.itemType] : '—'}</td>
            <td>{recipient ?? '—'}</td>
            <td>{formatReceivedTime(waitingSince)}</td>
            <td data-testid="return-days">
              {days} day{days === 1 ? '' : 's'}
            </td>
          </tr>
        ))}
      </ListTable>
      {list.value?.more === true && <p className="field-hint">More items wait than are listed: the longest waiting are shown first.</p>}
    </section>
  );
}
