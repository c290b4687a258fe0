import { ConsolePaperButton } from './ConsolePaper.tsx';
import { useConsole } from './ConsoleContext.tsx';

/**
 * Saves an item's chain-of-custody form made from the site's record by the station's own form
 * builder. The console records nothing: the paper is in no station's audit trail. A form the site
 * cannot make whole (a counter hand-over's signature is kept at the station) is refused in words.
 */
export function ConsoleCustodyForm({ station, custodyId }: { station: string; custodyId: string }) {
  const client = useConsole();
  return (
    <ConsolePaperButton
      testId="console-custody-form"
      label="Save the custody form"
      making="Making the custody form…"
      make={() => client.call('console.custodyForm', { station, custodyId })}
    />
  );
}
