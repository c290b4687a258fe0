import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Item, RecordMode } from '../../shared/contract/index.ts';
import { StationRequestError, toStationRequestError, useStation, useStationEvent } from '../station/index.ts';
import { useScanTarget } from '../scan/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { ItemTable } from './ItemTable.tsx';
import { itemsInProgress, mergeItems } from './itemList.ts';
import { ReturnToSenderList } from '../recipients/index.ts';

interface Highlight {
  custodyId: string;
  message: string;
}

interface IntakeScreenProps {
  /** Kept by the app, so a lost connection or a lock does not lose what was typed. */
  draft: string;
  onDraftChange(draft: string): void;
  stationMode: RecordMode;
  /** Changes when the list must be fetched again (a new link to the station). */
  refreshKey: number;
  /** Opens the item's workspace, saying whether the scan made it or brought it up again. */
  onOpen(custodyId: string, arrival: string): void;
  lastCustodyId: string | null;
}

/** What the operator confirmed for a code so far: the station asks one question at a time. */
interface Confirmed {
  asTyped?: boolean;
  newItem?: boolean;
}

/** A code the station asks about before taking it in: a failed check digit, or a closed item with its number. */
interface Question {
  code: string;
  symbology: string | null;
  fromField: boolean;
  confirmed: Confirmed;
  kind: 'asTyped' | 'newItem';
  message: string;
}

const QUESTION_BUTTONS: Readonly<Record<Question['kind'], { yes: string; no: string }>> = {
  asTyped: { yes: 'Take it in as typed', no: 'Rescan' },
  newItem: { yes: 'Yes, a new item', no: 'Cancel' },
};

const newItemMessage = (custodyId: string) => `New item received — ${custodyId}`;
const existingItemMessage = (custodyId: string) => `Already open — brought up existing item ${custodyId}`;

/** Scanner-first intake: one large field, and the items in progress updated live. */
export function IntakeScreen({ draft, onDraftChange, stationMode, refreshKey, onOpen, lastCustodyId }: IntakeScreenProps) {
  const station = useStation();
  const [items, setItems] = useState<Item[]>([]);
  const [listError, setListError] = useState<StationRequestError | null>(null);
  const [scanError, setScanError] = useState<StationRequestError | null>(null);
  // The item the operator just came back from stays marked, so they see where it went in the list.
  const [highlight] = useState<Highlight | null>(lastCustodyId === null ? null : { custodyId: lastCustodyId, message: `Back from item ${lastCustodyId}` });
  const [busy, setBusy] = useState(false);
  const [question, setQuestion] = useState<Question | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  // The question takes the focus, so Enter answers it and Tab reaches the other answer.
  useEffect(() => {
    if (question !== null) confirmRef.current?.focus();
  }, [question]);

  const loadList = useCallback(async () => {
    try {
      const { items: listed } = await station.call('intake.list', {});
      setItems((current) => mergeItems(current, listed));
      setListError(null);
    } catch (caught) {
      setListError(toStationRequestError(caught));
    }
  }, [station]);

  useEffect(() => {
    void loadList();
  }, [loadList, refreshKey]);

  useEffect(() => inputRef.current?.focus(), []);

  // Scanner first: a keyboard-wedge scanner or a typed code that starts while nothing has focus
  // (after a click on the list, say) goes to the scan field instead of being lost.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const idle = document.activeElement === null || document.activeElement === document.body;
      if (idle && event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey) inputRef.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  useStationEvent('item.changed', ({ item, reason }) => {
    setItems((current) => mergeItems(current, [item]));
    // A scan at the station's scanner opens the item, as a typed code does: scanner first.
    if (reason === 'received') onOpen(item.custodyId, newItemMessage(item.custodyId));
    if (reason === 'rescanned') onOpen(item.custodyId, existingItemMessage(item.custodyId));
  });

  // A hardware scan the station asks about comes here to be answered, as a wedge scan's would.
  useStationEvent('scan.question', ({ code, symbology, kind, message }) => {
    if (busy) return;
    setScanError(null);
    setQuestion({ code, symbology, fromField: false, confirmed: {}, kind, message });
  });

  /** A code from the field (typed or scanned into it) or from the wedge scanner. */
  const receive = async (code: string, symbology: string | null, fromField: boolean, confirmed: Confirmed = {}) => {
    if (busy) return;
    setQuestion(null);
    if (code === '') {
      setScanError(new StationRequestError('INVALID_ARGUMENTS', 'Scan a label, or type a tracking number or custody ID.'));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const { item, created } = await station.call('intake.scan', { code, symbology, ...confirmed });
      setScanError(null);
      if (fromField) onDraftChange('');
      onOpen(item.custodyId, created ? newItemMessage(item.custodyId) : existingItemMessage(item.custodyId));
      return;
    } catch (caught) {
      const error = toStationRequestError(caught);
      const kind = error.code === 'CONFIRM_AS_TYPED' ? 'asTyped' : error.code === 'CONFIRM_NEW_ITEM' ? 'newItem' : null;
      if (kind !== null) {
        setScanError(null);
        setBusy(false);
        setQuestion({ code, symbology, fromField, confirmed, kind, message: error.message });
        return;
      }
      setScanError(error);
    }
    setBusy(false);
    inputRef.current?.focus();
  };

  const answer = (yes: boolean) => {
    const asked = question;
    if (asked === null) return;
    setQuestion(null);
    if (yes) {
      void receive(asked.code, asked.symbology, asked.fromField, { ...asked.confirmed, [asked.kind]: true });
      return;
    }
    // Nothing is taken in: the field is ready for the rescan.
    inputRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void receive(draft.trim(), null, true);
  };

  // A wedge scan is taken whole, wherever the focus is; what was typed in the field stays there.
  useScanTarget({ onScan: ({ code, symbology }) => void receive(code.trim(), symbology, false), idleField: inputRef });

  return (
    <section className="intake" aria-labelledby="intake-title" data-testid="intake-screen">
      <form className="scan-form" onSubmit={submit} noValidate>
        <label id="intake-title" className="scan-label" htmlFor="scan-input">
          Scan a label, or type a tracking number or custody ID
        </label>
        <div className="scan-row">
          <input
            id="scan-input"
            ref={inputRef}
            className="scan-input"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="go"
            value={draft}
            aria-describedby="intake-status"
            data-testid="scan-input"
            onChange={(event) => onDraftChange(event.target.value)}
          />
          <button type="submit" className="button button-primary scan-submit" disabled={busy} data-testid="scan-submit">
            {busy ? 'Checking…' : 'Receive'}
          </button>
        </div>
      </form>
      {/* Right under the field it answers for: in view at a 1366×768 panel, before the list. */}
      {question !== null && (
        <div className="notice notice-info intake-question" role="alert" data-testid="intake-question" data-kind={question.kind}>
          <div>
            <p className="notice-title" data-testid="intake-question-text">
              {question.message}
            </p>
            <div className="intake-question-actions">
              <button type="button" className="button button-primary" ref={confirmRef} onClick={() => answer(true)} data-testid="intake-question-yes">
                {QUESTION_BUTTONS[question.kind].yes}
              </button>
              <button type="button" className="button" onClick={() => answer(false)} onKeyDown={(event) => event.key === 'Escape' && answer(false)} data-testid="intake-question-no">
                {QUESTION_BUTTONS[question.kind].no}
              </button>
              <span className="notice-next">
                Scanned: <span className="tracking-inline">{question.code}</span>
              </span>
            </div>
          </div>
        </div>
      )}

      <div
        id="intake-status"
        className={highlight ? 'intake-status intake-status-active' : 'intake-status'}
        role="status"
        aria-live="polite"
        data-testid="intake-status"
      >
        {highlight?.message}
      </div>
      <ErrorNotice error={scanError} />

      <h2 className="section-title">Items in progress</h2>
      <ErrorNotice error={listError} />
      <ItemTable items={itemsInProgress(items)} highlightedId={highlight?.custodyId ?? null} stationMode={stationMode} onOpen={(custodyId) => onOpen(custodyId, '')} />
      <ReturnToSenderList onOpen={(custodyId) => onOpen(custodyId, '')} />
    </section>
  );
}
