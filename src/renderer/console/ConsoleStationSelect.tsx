/** The value of the choice "no one station": the whole site, every station. */
export const ALL_STATIONS = '';

/**
 * A choice of one of the site's stations (as `console.stations` lists them) or of them all,
 * `allLabel` saying what "all" means on this screen.
 */
export function ConsoleStationSelect({ value, onChange, stations, allLabel, testId }: { value: string; onChange: (station: string) => void; stations: ReadonlyArray<{ station: string }> | undefined; allLabel: string; testId: string }) {
  return (
    <select className="text-input" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
      <option value={ALL_STATIONS}>{allLabel}</option>
      {(stations ?? []).map((known) => (
        <option key={known.station} value={known.station}>
          {known.station}
        </option>
      ))}
    </select>
  );
}
