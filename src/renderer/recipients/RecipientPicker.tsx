import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { DirectoryPersonMatch } from '../../shared/contract/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';
import { ErrorNotice, TextField } from '../ui/index.ts';
import './recipients.css';

/** Searching from two letters: one matches half the directory. */
const MIN_QUERY = 2;
/** Typing pauses this long before the station is asked (each key would be a search). */
const TYPING_PAUSE_MS = 150;

export interface RecipientPickerProps {
  label: string;
  hint?: string;
  /** The text in the field: the name as typed until a person is picked, then their name. */
  value: string;
  onValue(text: string): void;
  /** A directory person picked from the list, or by the badge scanned while the field has focus. */
  onPick(person: DirectoryPersonMatch): void;
  /** The name kept as typed (someone not in the directory); without it the list offers only people. */
  onTypedName?: (name: string) => void;
  testId: string;
  disabled?: boolean;
  /** False when the screen around takes the badge scans itself (the deliver step, which also knows operators' badges). */
  takesScans?: boolean;
}

const describe = (person: DirectoryPersonMatch) => [person.department, person.location].filter(Boolean).join(' · ');

/**
 * The recipient's name field with the directory behind it: typing part of a name (any case,
 * accents or not, a typo) lists the best matches under the field; ↓/↑ choose, Enter picks, Esc
 * closes the list. Enter with nothing chosen in the list is the form's (the name as typed). A badge
 * scanned while the field has focus picks its holder. The list's options are not tab stops.
 */
export function RecipientPicker({ label, hint, value, onValue, onPick, onTypedName, testId, disabled, takesScans = true }: RecipientPickerProps) {
  const station = useStation();
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(false);
  const [open, setOpen] = useState(false);
  const [people, setPeople] = useState<DirectoryPersonMatch[]>([]);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<StationRequestError | null>(null);
  // A badge nobody holds: said until the next pick or key, whatever the search answers meanwhile.
  const [badgeError, setBadgeError] = useState<StationRequestError | null>(null);
  const asked = useRef(0);
  const query = value.trim();
  /** The key of the person chosen in the list now (not the typed-name option), for an answer that lands after the choice. */
  const chosenKey = useRef<string | null>(null);
  chosenKey.current = active >= 0 && active < people.length ? people[active]!.key : null;

  // The matches for what is typed now: an answer to older text is dropped.
  useEffect(() => {
    const ask = ++asked.current;
    if (query.length < MIN_QUERY) {
      setPeople([]);
      setActive(-1);
      return;
    }
    const timer = window.setTimeout(() => {
      station.call('directory.search', { query: query.slice(0, 100), limit: 8 }).then(
        ({ people: found }) => {
          if (ask !== asked.current) return;
          // The person the operator chose in the list shown so far stays chosen if the new answer
          // lists them too: an answer landing between ↓ and Enter must not turn the Enter into the
          // form's (the name as typed) under the operator's eyes. Anyone else: nothing chosen.
          const chosen = chosenKey.current;
          setPeople(found);
          setActive(chosen === null ? -1 : found.findIndex((person) => person.key === chosen));
          setError(null);
        },
        (caught: unknown) => {
          if (ask === asked.current) setError(toStationRequestError(caught));
        },
      );
    }, TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [station, query]);

  const typedOption = onTypedName !== undefined && query.length > 0 && !people.some((p) => p.name === query);
  const optionCount = people.length + (typedOption ? 1 : 0);
  const listed = open && focused && query.length >= MIN_QUERY && optionCount > 0;

  const pick = (person: DirectoryPersonMatch) => {
    setOpen(false);
    setActive(-1);
    onPick(person);
  };
  const choose = (index: number) => {
    if (index < people.length) pick(people[index]!);
    else if (typedOption) {
      setOpen(false);
      setActive(-1);
      onTypedName?.(query);
    }
  };

  // A badge scanned while the field has focus is looked up in the directory (exact), not typed.
  useScanTarget(
    {
      waitingFor: 'badge',
      words: 'the recipient’s badge',
      onScan: ({ code }) => {
        const badge = code.trim().slice(0, 128);
        if (badge === '') return;
        station.call('directory.search', { badge }).then(
          ({ people: holder }) => {
            if (holder[0]) {
              setBadgeError(null);
              pick(holder[0]);
            } else setBadgeError(new StationRequestError('NOT_FOUND', 'No one in the directory has this badge: type their name instead.'));
          },
          (caught: unknown) => setBadgeError(toStationRequestError(caught)),
        );
      },
    },
    takesScans && focused && disabled !== true,
  );

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (optionCount === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // -1 is the field itself (nothing chosen): the choice goes round through it.
      setActive((now) => ((now + 1 + step + optionCount + 1) % (optionCount + 1)) - 1);
      return;
    }
    if (event.key === 'Enter' && listed && active >= 0 && active < optionCount) {
      event.preventDefault();
      choose(active);
      return;
    }
    if (event.key === 'Escape' && listed) {
      // Closes the list only; a second Esc is the form's (cancel).
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  const shownActive = active >= 0 && active < optionCount ? active : -1;

  return (
    <div
      className="recipient-picker"
      ref={box}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!box.current?.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
      data-testid={`${testId}-picker`}
    >
      <TextField
        label={label}
        hint={hint}
        value={value}
        onValue={(text) => {
          setOpen(true);
          setError(null);
          setBadgeError(null);
          onValue(text);
        }}
        onKeyDown={onKeyDown}
        testId={testId}
        disabled={disabled}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listed}
        aria-controls={listId}
        aria-activedescendant={listed && shownActive >= 0 ? optionId(shownActive) : undefined}
      />
      <ul id={listId} role="listbox" aria-label={`${label}: people in the directory`} className="recipient-options" hidden={!listed} data-testid={`${testId}-options`}>
        {people.map((person, index) => (
          <li
            key={person.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === shownActive}
            className={index === shownActive ? 'recipient-option recipient-option-active' : 'recipient-option'}
            // The field keeps the focus (a click would blur it and close the list first).
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(index)}
            data-testid={`${testId}-option`}
            data-key={person.key}
          >
            <span className="recipient-option-name">{person.name}</span>
            {describe(person) !== '' && <span className="recipient-option-where">{describe(person)}</span>}
          </li>
        ))}
        {typedOption && (
          <li
            id={optionId(people.length)}
            role="option"
            aria-selected={shownActive === people.length}
            className={shownActive === people.length ? 'recipient-option recipient-option-active' : 'recipient-option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(people.length)}
            data-testid={`${testId}-typed`}
          >
            <span className="recipient-option-name">Use “{query}” as typed</span>
            <span className="recipient-option-where">not in the directory</span>
          </li>
        )}
      </ul>
      <ErrorNotice error={badgeError ?? error} />
    </div>
  );
}
