import { useId, useState } from 'react';
import { useStationQuery } from '../hooks/index.ts';
import { useStationEvent } from '../station/index.ts';
import { Check, ErrorNotice, formatReceivedTime, TextField } from '../ui/index.ts';

/** The station a hand-over goes to, and whether the operator sends to an ID not on the site's list on purpose. */
export interface StationChoice {
  station: string;
  unlisted: boolean;
}

const TYPED = '';

/**
 * The receiving station of a hand-over, chosen from the site's stations (name and ID, as the site
 * gives them, or the last list this station read when the site is not reached). An ID can still be
 * typed (the site not reached, a station that joined since): one not on the list is said in words,
 * and sent only once the operator confirms it, since a mistyped ID stays pending at the site.
 */
export function SiteStationChoice({ value, onValue }: { value: StationChoice; onValue(next: StationChoice): void }) {
  const list = useStationQuery('custody.siteStations', {});
  const [typing, setTyping] = useState(false);
  const selectId = useId();
  // The site's list changed (a station joined or was renamed): asked again.
  useStationEvent('custody.arriving', ({ stationsChanged }) => {
    if (stationsChanged) void list.reload();
  });
  const known = list.value;
  const others = (known?.stations ?? []).filter((entry) => entry.station !== known?.here);
  const typed = value.station.trim();
  const listed = others.some((entry) => entry.station === typed);
  // An ID typed before the list came (or not on it) stays in its field, never hidden behind the list.
  const choosing = !typing && others.length > 0 && (typed === '' || listed);
  const unlistedWarning = typed !== '' && !listed && known !== null && known.readAt !== null;

  return (
    <div className="station-choice" data-testid="to-station-choice">
      <ErrorNotice error={list.error} />
      {known?.site === 'offline' && (
        <p className="field-hint" data-testid="to-station-offline">
          {known.readAt === null
            ? 'The site is not reached, and this station has not read its list of stations yet: type the receiving station’s ID as its screen shows it.'
            : `The site is not reached: these are its stations as this station read them ${formatReceivedTime(known.readAt)}.`}
        </p>
      )}
      {choosing ? (
        <div className="field">
          <label className="field-label" htmlFor={selectId}>
            Receiving station
          </label>
          <select
            id={selectId}
            className="text-input"
            value={listed ? typed : TYPED}
            onChange={(event) => {
              if (event.target.value === TYPED) {
                setTyping(true);
                onValue({ station: '', unlisted: false });
              } else onValue({ station: event.target.value, unlisted: false });
            }}
            data-testid="to-station-list"
          >
            {!listed && <option value={TYPED}>Choose the station…</option>}
            {others.map((entry) => (
              <option key={entry.station} value={entry.station}>
                {entry.name !== null ? `${entry.name} — ${entry.station}` : entry.station}
              </option>
            ))}
            {listed && <option value={TYPED}>Another station ID (type it)</option>}
          </select>
          <button type="button" className="link-button" onClick={() => setTyping(true)} data-testid="to-station-type">
            Type a station ID instead
          </button>
        </div>
      ) : (
        <>
          <TextField
            label="Receiving station’s ID"
            hint="ST-…, as that station’s screen shows it (the security office’s station too)."
            value={value.station}
            onValue={(station) => onValue({ station, unlisted: false })}
            testId="to-station-id"
          />
          {others.length > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setTyping(false);
                onValue({ station: '', unlisted: false });
              }}
              data-testid="to-station-choose"
            >
              Choose from the site’s stations
            </button>
          )}
        </>
      )}
      {unlistedWarning && (
        <div className="notice notice-warn" role="alert" data-testid="to-station-unlisted">
          <div>
            <p className="notice-title">
              {typed} is not one of the site’s stations as this station read them {formatReceivedTime(known.readAt!)}.
            </p>
            <p className="notice-next">A mistyped ID stays pending at the site, addressed to no one: check the ID on the receiving station’s screen.</p>
            <Check label="Send to this ID all the same" detail="The station joined the site since the list was read." checked={value.unlisted} onChecked={(unlisted) => onValue({ station: value.station, unlisted })} testId="to-station-unlisted-confirm" />
          </div>
        </div>
      )}
    </div>
  );
}
