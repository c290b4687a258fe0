import type { DirectoryPersonMatch, ItemRecipientView } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation, type StationRequestError } from '../station/index.ts';

export interface ChooseRecipient {
  /** Records a directory person as the item's recipient. */
  person(person: DirectoryPersonMatch): void;
  /** Records a name typed by hand (someone not in the directory) as the item's recipient. */
  typed(name: string): void;
  busy: boolean;
  error: StationRequestError | null;
}

/** The item's recipient recorded as soon as it is picked (item.chooseRecipient): the station's one truth for it. */
export function useChooseRecipient(custodyId: string, onChosen: (recipient: ItemRecipientView) => void): ChooseRecipient {
  const station = useStation();
  const action = useAction();
  const record = async (args: { personKey: string } | { typedName: string }) => {
    if (action.busy) return;
    const result = await action.run(() => station.call('item.chooseRecipient', { custodyId, ...args }));
    if (result) onChosen(result.recipient);
  };
  return {
    person: (person) => void record({ personKey: person.key }),
    typed: (name) => void record({ typedName: name }),
    busy: action.busy,
    error: action.error,
  };
}
