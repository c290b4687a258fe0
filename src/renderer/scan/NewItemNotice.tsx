/** An item that came in while the operator was typing another one's details. */
export interface NewItem {
  custodyId: string;
  /** "New item received" or "Already open": what the scan did. */
  message: string;
}

/**
 * Says that a scan brought in an item while the draft on screen stays where it is, with the way to
 * go to it when the operator is ready (the draft is not saved by going).
 */
export function NewItemNotice({ item, onGo, onDismiss }: { item: NewItem | null; onGo(custodyId: string): void; onDismiss(): void }) {
  if (item === null) return null;
  return (
    <div className="new-item-notice" role="status" data-testid="new-item-notice" data-custody-id={item.custodyId}>
      <p>
        {item.message} — <strong>{item.custodyId}</strong>. What you typed here is kept.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-small" onClick={() => onGo(item.custodyId)} data-testid="new-item-go">
          Go to {item.custodyId}
        </button>
        <button type="button" className="button button-small" onClick={onDismiss} data-testid="new-item-dismiss">
          Stay here
        </button>
      </div>
    </div>
  );
}
