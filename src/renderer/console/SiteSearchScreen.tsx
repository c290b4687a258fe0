import { useState, type FormEvent } from 'react';
import type { ConsoleItem } from '../../shared/contract/index.ts';
import { ErrorNotice, formatReceivedTime, ITEM_STATE_NAMES, ITEM_TYPE_NAMES, ListTable } from '../ui/index.ts';
import { wordsFor } from './consoleWords.ts';
import { ItemHistoryPanel } from './ItemHistoryPanel.tsx';
import { usePagedConsoleList } from './usePagedConsoleList.ts';

const keyOf = (item: ConsoleItem) => `${item.station}/${item.custodyId}`;

/** Items across stations: by custody ID or the code on the label, or every item last changed first; an item's history. */
export function SiteSearchScreen() {
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<{ station: string; custodyId: string } | null>(null);
  const list = usePagedConsoleList('console.search', query === '' ? {} : { query }, keyOf);
  const search = (event: FormEvent) => {
    event.preventDefault();
    setShown(null);
    setQuery(draft.trim());
  };
  return (
    <section className="console-screen" aria-labelledby="console-search-title" data-testid="console-search">
      <div className="console-screen-head">
        <h1 id="console-search-title">Items across stations</h1>
        <form className="console-search-form" onSubmit={search} role="search">
          <label htmlFor="console-search-input">Custody ID or tracking number</label>
          <input id="console-search-input" className="text-input" value={draft} maxLength={128} onChange={(event) => setDraft(event.target.value)} data-testid="console-search-input" />
          <button type="submit" className="button" data-testid="console-search-submit">
            Search
          </button>
        </form>
      </div>
      <ErrorNotice error={list.error} />
      {list.loaded && (
        <ListTable
          testId="console-item-list"
          columns={['Station', 'Custody ID', 'Code', 'State', 'Type', 'Recipient', 'Last change']}
          count={list.rows.length}
          empty={query === '' ? 'No item at any station yet.' : `No item at any station has the code ${query}.`}
          regionLabel="Items across stations"
          regionClassName="console-list"
        >
          {list.rows.map((item) => (
            <tr key={keyOf(item)} data-testid="console-item-row" data-station={item.station}>
              <td>{item.station}</td>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => setShown({ station: item.station, custodyId: item.custodyId })} data-testid="console-item-open">
                  {item.custodyId}
                </button>
              </th>
              <td>{item.trackingNumber ?? item.scannedCode ?? '—'}</td>
              <td>{wordsFor(ITEM_STATE_NAMES, item.state)}</td>
              <td>{wordsFor(ITEM_TYPE_NAMES, item.itemType)}</td>
              <td>{item.recipient ?? '—'}</td>
              <td>{formatReceivedTime(item.updatedAt)}</td>
            </tr>
          ))}
        </ListTable>
      )}
      {list.more && (
        <button type="button" className="button button-small console-more" onClick={list.loadMore} data-testid="console-items-more">
          Show more items
        </button>
      )}
      {shown !== null && <ItemHistoryPanel key={`${shown.station}/${shown.custodyId}`} station={shown.station} custodyId={shown.custodyId} onClose={() => setShown(null)} />}
    </section>
  );
}
