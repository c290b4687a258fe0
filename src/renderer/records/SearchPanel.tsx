import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ItemState, type Item, type ItemSearchRequest } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { carrierName } from '../ui/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { TextField } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { ALERT_STATES, ITEM_STATE_NAMES } from '../ui/index.ts';
import { ITEM_TYPE_NAMES } from '../ui/index.ts';

const PAGE = 25;
const MODE_TAGS = { live: null, demo: 'DEMO', drill: 'DRILL' } as const;

interface Filters {
  query: string;
  custodyId: string;
  trackingNumber: string;
  recipient: string;
  from: string;
  to: string;
  states: ReadonlySet<Item['state']>;
}

const EMPTY: Filters = { query: '', custodyId: '', trackingNumber: '', recipient: '', from: '', to: '', states: new Set() };

/** Only what the operator filled in: an empty field never narrows the search. */
export function searchRequest(filters: Filters, cursor: string | null): ItemSearchRequest {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const request: ItemSearchRequest = { limit: PAGE, cursor };
  const fields = { query: text(filters.query), custodyId: text(filters.custodyId), trackingNumber: text(filters.trackingNumber), recipient: text(filters.recipient), from: text(filters.from), to: text(filters.to) };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(request, { [key]: value });
  if (filters.states.size > 0) request.states = ItemState.options.filter((state) => filters.states.has(state));
  return request;
}

/**
 * Find any item the station holds, open or long closed: by custody ID (typed loosely), tracking
 * number, recipient, the days it was received and its state. Newest first, a page at a time.
 */
export function SearchPanel({ onOpen, onHistory }: { onOpen(custodyId: string): void; onHistory(custodyId: string): void }) {
  const station = useStation();
  const action = useAction();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [results, setResults] = useState<{ items: Item[]; nextCursor: string | null; asked: Filters } | null>(null);
  const [narrowing, setNarrowing] = useState(false);
  // "Show more" leaves with the last page, and the focus would go with it: the first row it brought
  // takes the focus instead, where the operator reads on (the button, if still there, is Tab away).
  const [readFrom, setReadFrom] = useState<string | null>(null);
  const resultsRef = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (readFrom !== null) resultsRef.current?.querySelector<HTMLElement>(`tr[data-custody-id="${CSS.escape(readFrom)}"] [data-testid="search-open"]`)?.focus();
  }, [readFrom]);
  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const asked = filters;
    const page = await action.run(() => station.call('search.items', searchRequest(asked, null)));
    if (page) {
      setResults({ ...page, asked });
      setReadFrom(null);
    }
  };

  const more = async () => {
    if (action.busy || results?.nextCursor == null) return;
    const { asked, nextCursor } = results;
    const page = await action.run(() => station.call('search.items', searchRequest(asked, nextCursor)));
    if (page) {
      setResults({ items: [...results.items, ...page.items], nextCursor: page.nextCursor, asked });
      setReadFrom(page.items[0]?.custodyId ?? null);
    }
  };

  const toggleState = (state: Item['state'], on: boolean) => {
    const next = new Set(filters.states);
    if (on) next.add(state);
    else next.delete(state);
    set({ states: next });
  };

  return (
    <section className="panel records-panel" aria-labelledby="search-title" data-testid="search-panel">
      <h2 id="search-title">Find items</h2>
      <form className="search-form" onSubmit={search} noValidate data-testid="search-form">
        <TextField
          label="Custody ID, tracking number or recipient"
          hint="Any one of them, typed as it comes: the custody ID in any case, with or without hyphens."
          value={filters.query}
          onValue={(query) => set({ query })}
          className="search-query"
          testId="search-query"
        />
        <details className="search-more" open={narrowing} onToggle={(event) => setNarrowing(event.currentTarget.open)}>
          <summary>Narrow the search</summary>
          <div className="search-fields">
            <TextField label="Custody ID" value={filters.custodyId} onValue={(custodyId) => set({ custodyId })} testId="search-custody-id" />
            <TextField label="Tracking number" value={filters.trackingNumber} onValue={(trackingNumber) => set({ trackingNumber })} testId="search-tracking" />
            <TextField label="Recipient" hint="Words of the name; each matches the start of a word." value={filters.recipient} onValue={(recipient) => set({ recipient })} testId="search-recipient" />
            <TextField label="Received from" type="date" value={filters.from} onValue={(from) => set({ from })} testId="search-from" />
            <TextField label="Received up to" type="date" value={filters.to} onValue={(to) => set({ to })} testId="search-to" />
          </div>
          <fieldset className="state-checks" data-testid="search-states">
            <legend className="field-label">State</legend>
            <div className="state-checks-list">
              {ItemState.options.map((state) => (
                <label key={state} className={filters.states.has(state) ? 'check-chip check-chip-on' : 'check-chip'}>
                  <input type="checkbox" checked={filters.states.has(state)} onChange={(event) => toggleState(state, event.target.checked)} data-testid={`search-state-${state}`} />
                  {ITEM_STATE_NAMES[state]}
                </label>
              ))}
            </div>
          </fieldset>
        </details>
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={action.busy} data-testid="search-submit">
            {action.busy ? 'Searching…' : 'Search'}
          </button>
          <button type="button" className="button" onClick={() => setFilters(EMPTY)} data-testid="search-clear">
            Clear the fields
          </button>
        </div>
      </form>
      <p role="status" className="search-count" data-testid="search-count">
        {results === null ? '' : results.items.length === 0 ? 'No item matches.' : `${results.items.length} item${results.items.length === 1 ? '' : 's'} shown${results.nextCursor !== null ? ', more below' : ''}, newest first.`}
      </p>
      {results !== null && results.items.length > 0 && (
        <div className="items-scroll search-scroll" role="region" aria-label="Search results" tabIndex={0}>
          <table className="items search-results" data-testid="search-results">
            <thead>
              <tr>
                <th scope="col">Custody ID</th>
                <th scope="col">Tracking number</th>
                <th scope="col">State</th>
                <th scope="col">Received</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody ref={resultsRef}>
              {results.items.map((item) => (
                <tr key={item.custodyId} data-testid="search-row" data-custody-id={item.custodyId} data-state={item.state}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onOpen(item.custodyId)} data-testid="search-open">
                      <CustodyId value={item.custodyId} />
                      <span className="visually-hidden"> — open</span>
                    </button>
                    {MODE_TAGS[item.mode] !== null && <span className="tag tag-mode">{MODE_TAGS[item.mode]}</span>}
                  </th>
                  <td>
                    <span className="carrier-name">{carrierName(item.carrier)}</span>
                    <span className="tracking">{item.trackingNumber ?? <span className="muted">Scanned: {item.scannedCode}</span>}</span>
                    <span className="search-type">{item.itemType === null ? 'Type not set' : ITEM_TYPE_NAMES[item.itemType]}</span>
                  </td>
                  <td>
                    <span className={ALERT_STATES.has(item.state) ? 'tag tag-alert' : 'tag'}>
                      {ALERT_STATES.has(item.state) && '⚠ '}
                      {ITEM_STATE_NAMES[item.state]}
                    </span>
                    {item.incidentNumber !== null && <span className="search-incident">{item.incidentNumber}</span>}
                  </td>
                  <td>
                    <time dateTime={item.receivedAt}>{formatReceivedTime(item.receivedAt)}</time>
                  </td>
                  <td>
                    <button type="button" className="button button-small" onClick={() => onHistory(item.custodyId)} data-testid="search-history">
                      History<span className="visually-hidden"> of {item.custodyId}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {results?.nextCursor != null && (
        <button type="button" className="button" disabled={action.busy} onClick={() => void more()} data-testid="search-more">
          Show {PAGE} more
        </button>
      )}
    </section>
  );
}
