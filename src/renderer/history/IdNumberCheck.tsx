import { useState, type FormEvent } from 'react';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { FormSubmit, TextField } from '../ui/index.ts';

/**
 * On the history of an item handed over at the counter with an ID document number: a coordinator
 * or an admin checks the document in hand against it. The station records each check on the item
 * (who, which hand-over, match or not, never the number), so `onChecked` reloads the history that
 * then shows it.
 */
export function IdNumberCheck({ custodyId, onChecked }: { custodyId: string; onChecked(): void }) {
  const station = useStation();
  const check = useAction();
  const [idNumber, setIdNumber] = useState('');
  const [matches, setMatches] = useState<boolean | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (idNumber.trim() === '' || check.busy) return;
    const result = await check.run(() => station.call('collection.checkIdNumber', { custodyId, idNumber: idNumber.trim() }));
    if (!result) return;
    setMatches(result.matches);
    // The number leaves the screen once checked: the answer is what stays.
    setIdNumber('');
    onChecked();
  };

  return (
    <form className="id-number-check" onSubmit={(event) => void submit(event)} data-testid="id-number-check" aria-labelledby="id-number-check-title">
      <h2 id="id-number-check-title">Check an ID document against this hand-over</h2>
      <TextField
        label="Number on the document in hand"
        hint="Case, spaces, dots, dashes and slashes do not matter. The check is recorded on this item (who, when, match or not), never the number."
        value={idNumber}
        onValue={(value) => {
          setIdNumber(value);
          setMatches(null);
        }}
        maxLength={40}
        testId="id-number-check-input"
      />
      {matches !== null && (
        <p className={matches ? 'notice notice-info' : 'notice notice-warn'} role="status" data-testid="id-number-check-result">
          {matches ? 'It matches the number recorded at the hand-over.' : 'It does NOT match the number recorded at the hand-over.'}
        </p>
      )}
      <FormSubmit action={check} testId="id-number-check-submit">
        Check the number
      </FormSubmit>
    </form>
  );
}
