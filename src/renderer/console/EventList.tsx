import type { ConsoleEvent } from '../../shared/contract/index.ts';
import { formatReceivedTime, ListTable } from '../ui/index.ts';

/** A subject's events at its station, as recorded: the record itself, in the station's order. */
export function EventList({ events, label }: { events: readonly ConsoleEvent[]; label: string }) {
  return (
    <ListTable testId="console-events" columns={['#', 'When', 'Who', 'What', 'Recorded']} count={events.length} empty="No events." regionLabel={label} regionClassName="console-events">
      {events.map((event) => (
        <tr key={event.seq} data-testid="console-event">
          <td>{event.seq}</td>
          <td>{formatReceivedTime(event.at)}</td>
          <td>{event.actor}</td>
          <td>{event.kind}</td>
          <td>
            <code className="console-payload">{event.payload}</code>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
