import { ConsolePaperButton } from './ConsolePaper.tsx';
import { useConsole } from './ConsoleContext.tsx';

/**
 * Saves an incident's report made from the site's record by the station's own report builder,
 * with the SOP the station published. The console records nothing: the paper is in no station's
 * audit trail. A report the site cannot make whole (its SOP not at the site) is refused in words.
 */
export function ConsoleIncidentReport({ station, number }: { station: string; number: string }) {
  const client = useConsole();
  return (
    <ConsolePaperButton
      testId="console-incident-report"
      label="Save the incident report"
      making="Making the incident report…"
      make={() => client.call('console.incidentReport', { station, number })}
    />
  );
}
