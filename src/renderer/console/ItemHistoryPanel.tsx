import { ErrorNotice, ITEM_STATE_NAMES } from '../ui/index.ts';
import { ConsoleCustodyForm } from './ConsoleCustodyForm.tsx';
import { wordsFor } from './consoleWords.ts';
import { useConsoleQuery } from './ConsoleContext.tsx';
import { EventList } from './EventList.tsx';

/** One item at its station, as the site holds it: where it stands and every event of it. */
export function ItemHistoryPanel({ station, custodyId, onClose }: { station: string; custodyId: string; onClose(): void }) {
  const query = useConsoleQuery('console.itemHistory', { station, custodyId });
  const history = query.value;
  return (
    <section className="panel console-detail" aria-labelledby="console-item-title" data-testid="console-item">
      <div className="console-detail-head">
        <h2 id="console-item-title">
          {custodyId} at {station}
        </h2>
        <button type="button" className="button button-small" onClick={onClose} data-testid="console-item-close">
          Close
        </button>
      </div>
      <ErrorNotice error={query.error} />
      {history !== null && (
        <>
          <p data-testid="console-item-state">
            {history.item.state === null ? 'State unknown' : wordsFor(ITEM_STATE_NAMES, history.item.state)}
            {history.item.incidentNumber !== null && ` — incident ${history.item.incidentNumber}`}
          </p>
          <ConsoleCustodyForm station={station} custodyId={custodyId} />
          <EventList events={history.events} label={`Events of ${custodyId}`} />
        </>
      )}
    </section>
  );
}
