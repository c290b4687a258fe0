import { useEffect, useRef, type RefObject } from 'react';

/**
 * For a button that opens a sub-form in its place: when the sub-form closes (Cancel, Escape) the
 * button comes back, and the focus with it, instead of falling to the page with the removed form.
 * Only when the focus was lost: a close that put the focus somewhere on purpose is left alone.
 */
export function useReturnFocus<T extends HTMLElement>(open: boolean): RefObject<T | null> {
  const opener = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (wasOpen.current && !open && lost) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return opener;
}

/** Escape closes the innermost open sub-form, and goes no further (not back to intake, say). */
export function escapeCloses(close: () => void) {
  return (event: { key: string; preventDefault(): void; stopPropagation(): void }) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}
