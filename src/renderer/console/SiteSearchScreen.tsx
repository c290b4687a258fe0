import { useState, type FormEvent } from 'react';
import { ItemState, type ConsoleItem, type ConsoleRequest } from '../../shared/contract/index.ts';
import { ErrorNotice, formatReceivedTime, ITEM_STATE_NAMES, ITEM_TYPE_NAMES, ListTable } from '../ui/index.ts';
import { useConsoleQuery } from './ConsoleContext.tsx';
import { wordsFor } from './consoleWords.ts';
import { ItemHistoryPanel } from './ItemHistoryPanel.tsx';
import { usePagedConsoleList } from './usePagedConsoleList.ts';
import { ALL_STATIONS, ConsoleStationSelect } from './ConsoleStationSelect.tsx';

const keyOf = (item: ConsoleItem) => `${item.station}/${item.custodyId}`;
const EVERY_STATION = ALL_STATIONS;

interface Filters {
  query: string;
  station: string;
  recipient: string;
  /** Days it last changed. */
  from: string;
  to: string;
  /** Days it was received (as the station's own search). */
  receivedFrom: string;
  receivedTo: string;
  states: ReadonlySet<ItemState>;
}

const EMPTY: Filters = { query: '', station: EVERY_STATION, recipient: '', from: '', to: '', receivedFrom: '', receivedTo: '', states: new Set() };

/** The start of a day of the console machine's calendar (one site, one time zone), as an ISO time. */
const startOfLocalDay = (date: string, after = 0): string => {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year!, month! - 1, day! + after).toISOString();
};

/** Only what the officer filled in narrows the search; dates are the console's local days, the last one whole. */
export function consoleSearchRequest(filters: Filters): ConsoleRequest<'console.search'> {
  const request: ConsoleRequest<'console.search'> = {};
  if (filters.query.trim() !== '') request.query = filters.query.trim();
  if (filters.station !== EVERY_STATION) request.station = filters.station;
  if (filters.recipient.trim() !== '') request.recipient = filters.recipient.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(filters.from)) request.changedFrom = startOfLocalDay(filters.from);
  if (/^\d{4}-\d{2}-\d{2}$/.test(filters.to)) request.changedTo = startOfLocalDay(filters.to, 1);
  if (/^\d{4}-\d{2}-\d{2}$/.test(filters.receivedFrom)) request.receivedFrom = startOfLocalDay(filters.receivedFrom);
  if (/^\d{4}-\d{2}-\d{2}$/.test(filters.receivedTo)) request.receivedTo = startOfLocalDay(filters.receivedTo, 1);
  if (filters.states.size > 0) request.states = ItemState.options.filter((state) => filters.states.has(state));
  return request;
}

/** How many of the folded filters narrow a search (the button says so while they are folded away). */
const narrowCount = (filters: Filters) =>
  [filters.station !== EVERY_STATION, filters.recipient.trim() !== '', filters.from !== '', filters.to !== '', filters.receivedFrom !== '', filters.receivedTo !== '', filters.states.size > 0].filter(Boolean).length;

/**
 * Items across stations (or at one), found as a station finds its own: custody ID, tracking number
 * or recipient words as free text, and narrowed by recipient, state, the days it was received and
 * the days it last changed;
 * or every item, last changed first. An item's history beside.
 */
export function SiteSearchScreen() {
  const stations = useConsoleQuery('console.stations', {}, 0);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [asked, setAsked] = useState<Filters>(EMPTY);
  const [narrowing, setNarrowing] = useState(false);
  const [shown, setShown] = useState<{ station: string; custodyId: string } | null>(null);
  const list = usePagedConsoleList('console.search', consoleSearchRequest(asked), keyOf);
  const set = (patch: Partial<Filters>) => setDraft((current) => ({ ...current, ...patch }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setShown(null);
    setAsked({ ...draft, query: draft.query.trim(), recipient: draft.recipient.trim() });
  };
  const toggleState = (state: ItemState, on: boolean) => {
    const next = new Set(draft.states);
    if (on) next.add(state);
    else next.delete(state);
    set({ states: next });
  };
  const filtered = asked.query !== '' || narrowCount(asked) > 0;
  return (
    <section className="console-screen" aria-labelledby="console-search-title" data-testid="console-search">
      <form className="console-search" onSubmit={search} role="search" aria-labelledby="console-search-title">
        <div className="console-screen-head">
          <h1 id="console-search-title">Items across stations</h1>
          <div className="console-search-form">
            <label htmlFor="console-search-input">Custody ID, code or recipient</label>
            <input id="console-search-input" className="text-input" value={draft.query} maxLength={128} onChange={(event) => set({ query: event.target.value })} data-testid="console-search-input" />
            <button type="submit" className="button" data-testid="console-search-submit">
              Search
            </button>
            <button
              type="button"
              className={narrowing ? 'button button-small console-search-toggle-on' : 'button button-small'}
              aria-expanded={narrowing}
              aria-controls="console-search-more"
              onClick={() => setNarrowing((open) => !open)}
              data-testid="console-search-narrow"
            >
              {narrowCount(asked) === 0 ? 'Narrow' : `Narrowed (${narrowCount(asked)})`}
            </button>
          </div>
        </div>
        {narrowing && (
          <div id="console-search-more" className="console-search-more" data-testid="console-search-more">
            <div className="console-search-fields">
              <label>
                <span className="field-label">Station</span>
                <ConsoleStationSelect value={draft.station} onChange={(station) => set({ station })} stations={stations.value?.stations} allLabel="Every station" testId="console-search-station" />
              </label>
              <label>
                <span className="field-label">Recipient</span>
                <input className="text-input" value={draft.recipient} maxLength={200} onChange={(event) => set({ recipient: event.target.value })} aria-describedby="console-search-hint" data-testid="console-search-recipient" />
              </label>
              <DayField label="Received from" value={draft.receivedFrom} onChange={(receivedFrom) => set({ receivedFrom })} testId="console-search-received-from" />
              <DayField label="Received up to" value={draft.receivedTo} onChange={(receivedTo) => set({ receivedTo })} testId="console-search-received-to" />
              <DayField label="Changed from" value={draft.from} onChange={(from) => set({ from })} testId="console-search-from" />
              <DayField label="Changed up to" value={draft.to} onChange={(to) => set({ to })} testId="console-search-to" />
              <button type="button" className="button button-small" onClick={() => setDraft(EMPTY)} data-testid="console-search-clear">
                Clear the filters
              </button>
              <p id="console-search-hint" className="field-hint">
                A recipient’s words each start a word of the name; days are this computer’s, the last one whole.
              </p>
            </div>
            <fieldset className="console-search-states" data-testid="console-search-states">
              <legend className="field-label">State</legend>
              {ItemState.options.map((state) => (
                <label key={state} className={draft.states.has(state) ? 'check-chip check-chip-on' : 'check-chip'}>
                  <input type="checkbox" checked={draft.states.has(state)} onChange={(event) => toggleState(state, event.target.checked)} data-testid={`console-search-state-${state}`} />
                  {ITEM_STATE_NAMES[state]}
                </label>
              ))}
            </fieldset>
          </div>
        )}
      </form>
      <ErrorNotice error={list.error} />
      {list.loaded && (
        <ListTable
          testId="console-item-list"
          columns={['Station', 'Custody ID', 'Code', 'State', 'Type', 'Recipient', 'Last change']}
          count={list.rows.length}
          empty={!filtered ? 'No item at any station yet.' : asked.query !== '' && narrowCount(asked) === 0 ? `No item at any station has the code or recipient ${asked.query}.` : 'No item matches this search.'}
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

/** One end of a day range in the Narrow filters (the hint below them says whose days they are). */
function DayField({ label, value, onChange, testId }: { label: string; value: string; onChange: (day: string) => void; testId: string }) {
  return (
    <label>
      <span className="field-label">{label}</span>
      <input type="date" className="text-input" value={value} onChange={(event) => onChange(event.target.value)} aria-describedby="console-search-hint" data-testid={testId} />
    </label>
  );
}
