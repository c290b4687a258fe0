import { useState, type FormEvent } from 'react';
import type { ItemDetail, ItemType } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { escapeCloses } from '../hooks/index.ts';
import { useUnsavedDraft } from '../scan/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { RecipientPicker, useChooseRecipient } from '../recipients/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';
import { ITEM_TYPE_NAMES, ITEM_TYPES } from '../ui/index.ts';
import { allows } from './allows.ts';
import type { WorkspaceStep } from './workspaceStep.ts';

const mm = (text: string) => (text.trim() === '' ? null : Number(text.trim()));

/** What the item is: its type decides, with the site's risk level, which steps are mandatory. */
export function DetailsStep({ detail, onDone, onCancel }: { detail: ItemDetail; onDone(detail: ItemDetail): void; onCancel?: () => void }) {
  const station = useStation();
  const action = useAction();
  const [itemType, setItemType] = useState<ItemType | null>(detail.item.itemType);
  const [recipient, setRecipient] = useState(detail.recipient ?? '');
  // What the item's recipient is now: as last saved, or as picked from the directory since.
  const [savedRecipient, setSavedRecipient] = useState(detail.recipient ?? '');
  const choose = useChooseRecipient(detail.item.custodyId, (chosen) => {
    setRecipient(chosen.name);
    setSavedRecipient(chosen.name);
  });
  const [sender, setSender] = useState(detail.sender ?? '');
  const [length, setLength] = useState(detail.dimensions ? String(detail.dimensions.lengthMm) : '');
  const [width, setWidth] = useState(detail.dimensions ? String(detail.dimensions.widthMm) : '');
  const [thickness, setThickness] = useState(detail.dimensions ? String(detail.dimensions.thicknessMm) : '');
  // Anything typed and not saved yet: a scan meanwhile announces the new item instead of replacing this one.
  const saved = detail.dimensions;
  useUnsavedDraft(
    itemType !== detail.item.itemType ||
      recipient !== savedRecipient ||
      sender !== (detail.sender ?? '') ||
      length !== (saved ? String(saved.lengthMm) : '') ||
      width !== (saved ? String(saved.widthMm) : '') ||
      thickness !== (saved ? String(saved.thicknessMm) : ''),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    if (itemType === null) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Choose what kind of item this is.'));
      return;
    }
    const sizes = [mm(length), mm(width), mm(thickness)];
    const anySize = sizes.some((size) => size !== null);
    if (anySize && sizes.some((size) => size === null || !Number.isFinite(size) || size <= 0)) {
      action.setError(new StationRequestError('INVALID_ARGUMENTS', 'Enter all three sizes in millimetres, or leave all three empty.'));
      return;
    }
    const result = await action.run(() =>
      station.call('item.setDetails', {
        custodyId: detail.item.custodyId,
        itemType,
        recipient: recipient.trim() === '' ? null : recipient.trim(),
        sender: sender.trim() === '' ? null : sender.trim(),
        dimensions: anySize ? { lengthMm: sizes[0]!, widthMm: sizes[1]!, thicknessMm: sizes[2]! } : null,
      }),
    );
    if (result) onDone(result.detail);
  };

  return (
    <form className="step-form" onSubmit={submit} onKeyDown={onCancel ? escapeCloses(onCancel) : undefined} noValidate data-testid="details-step">
      <h2 className="step-title" tabIndex={-1}>What is this item?</h2>
      <p className="lead">The type decides, with the site’s risk level, whether weighing and X-ray are required.</p>
      <ErrorNotice error={action.error ?? choose.error} />
      <Choice
        legend="Item type"
        name="item-type"
        options={ITEM_TYPES.map((type) => ({ value: type, label: ITEM_TYPE_NAMES[type] }))}
        value={itemType}
        onValue={setItemType}
        testId="item-type"
      />
      <div className="field-pair">
        <RecipientPicker
          label="Addressed to"
          hint="As written, or from the directory."
          value={recipient}
          onValue={setRecipient}
          onPick={choose.person}
          onTypedName={choose.typed}
          testId="details-recipient"
        />
        <TextField label="Sender as shown" hint="Leave empty if there is no return address." value={sender} onValue={setSender} testId="details-sender" />
      </div>
      <fieldset className="dimensions">
        <legend className="field-label">Size in millimetres (optional)</legend>
        <div className="field-triple">
          <TextField label="Length" inputMode="decimal" value={length} onValue={setLength} testId="details-length" />
          <TextField label="Width" inputMode="decimal" value={width} onValue={setWidth} testId="details-width" />
          <TextField label="Thickness" inputMode="decimal" value={thickness} onValue={setThickness} testId="details-thickness" />
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary button-large" disabled={action.busy} data-testid="details-submit">
          {action.busy ? 'Saving…' : 'Save details'}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} data-testid="details-cancel">
            Cancel (Esc)
          </button>
        )}
      </div>
    </form>
  );
}

/** First on the rail; the station names no next step for it: it comes first while the type may still be set. */
export const detailsStep = {
  id: 'details',
  name: 'Details',
  answers: [],
  showsFirst: (detail) => detail.item.itemType === null && allows(detail, 'changeItemType'),
  isDone: (detail) => detail.item.itemType !== null,
  skip: null,
  summary: null,
  Screen: DetailsStep,
} as const satisfies WorkspaceStep;
