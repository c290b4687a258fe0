import { useEffect, useRef } from 'react';
import type { Item, RecordMode } from '../../shared/contract/index.ts';
import { carrierName } from '../ui/index.ts';
import { CustodyId } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { ALERT_STATES, ITEM_STATE_NAMES } from '../ui/index.ts';

interface ItemTableProps {
  items: readonly Item[];
  highlightedId: string | null;
  /** Items made in another mode than the station's (a drill item on a live station) are tagged. */
  stationMode: RecordMode;
  onOpen(custodyId: string): void;
}

const MODE_NAMES: Readonly<Record<RecordMode, string>> = { live: 'Live', demo: 'Demo', drill: 'Drill' };

/** The items in progress, newest first; the highlighted one is scrolled into view. */

export function ItemTable({ items, highlightedId, stationMode, onOpen }: ItemTableProps) {
  const tableRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (highlightedId === null) return;
    const row = tableRef.current?.querySelector(`tr[data-custody-id="${CSS.escape(highlightedId)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [highlightedId, items]);

  if (items.length === 0) {
    return (
      <p className="empty" data-testid="item-list-empty">
        No items in progress. Scan a label to start.
      </p>
    );
  }

  return (
    // Focusable so the list scrolls with the keyboard alone.
    <div className="items-scroll" tabIndex={0} role="region" aria-label="Items in progress">
      <table className="items" ref={tableRef} data-testid="item-list">
        <caption className="visually-hidden">Items in progress, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Custody ID</th>
            <th scope="col">Carrier and tracking number</th>
            <th scope="col">State</th>
            <th scope="col">Time received</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const highlighted = item.custodyId === highlightedId;
            return (
              <tr
                key={item.custodyId}
                className={highlighted ? 'item-row item-row-highlighted' : 'item-row'}
                data-testid="item-row"
                data-custody-id={item.custodyId}
                data-state={item.state}
                data-highlighted={highlighted ? 'true' : undefined}
                aria-current={highlighted ? 'true' : undefined}
                onClick={(event) => {
                  // A touch anywhere on the row opens it; the button inside handles keys and its own clicks.
                  if (!(event.target as HTMLElement).closest('button')) onOpen(item.custodyId);
                }}
              >
                <th scope="row">
                  {highlighted && <span className="row-marker" aria-hidden="true">▶</span>}
                  {/* The custody ID is the row's button: Tab reaches every item, Enter opens it. */}
                  <button type="button" className="link-button" onClick={() => onOpen(item.custodyId)} data-testid="item-open">
                    <CustodyId value={item.custodyId} testId="item-custody-id" />
                    <span className="visually-hidden"> — open</span>
                  </button>
                  {item.mode !== stationMode && <span className="tag tag-mode">{MODE_NAMES[item.mode]}</span>}
                </th>
                <td>
                  <span className="carrier-name" data-testid="item-carrier">
                    {carrierName(item.carrier)}
                  </span>
                  <span className="tracking" data-testid="item-tracking">
                    {item.trackingNumber ?? <span className="muted">Scanned: {item.scannedCode}</span>}
                  </span>
                </td>
                <td data-testid="item-state">
                  <span className={ALERT_STATES.has(item.state) ? 'tag tag-alert' : 'tag'}>
                    {ALERT_STATES.has(item.state) && '⚠ '}
                    {ITEM_STATE_NAMES[item.state]}
                  </span>
                </td>
                <td>
                  <time dateTime={item.receivedAt}>{formatReceivedTime(item.receivedAt)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
