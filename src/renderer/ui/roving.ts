import { useRef, useState, type KeyboardEvent } from 'react';

/**
 * One Tab stop for a group of controls (a roving tabindex): the arrow keys, Home and End move
 * between them. Returns the index the key moves to, or null when the key is not one of those.
 */
const ARROW_STEPS: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

export function rovingIndex(event: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, current: number, count: number): number | null {
  if (count === 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const step = ARROW_STEPS[event.key];
  if (step !== undefined) return (current + step + count) % count;
  if (event.key === 'Home') return 0;
  if (event.key === 'End') return count - 1;
  return null;
}

/**
 * The roving tabindex of a group of `count` controls found by `selector` in the container: `stop`
 * is the one Tab reaches (the one last moved to, else `atRest`), `onKeyDown` moves along the group,
 * `onFocusAt` follows a control focused otherwise (a click), `forget` goes back to rest.
 */
export function useRovingFocus<E extends HTMLElement>(count: number, selector: string, atRest = 0) {
  const container = useRef<E>(null);
  const [active, setActive] = useState<number | null>(null);
  const stop = Math.max(0, Math.min(active ?? atRest, count - 1));
  const onKeyDown = (event: KeyboardEvent<E>) => {
    const next = rovingIndex(event, stop, count);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    container.current?.querySelectorAll<HTMLElement>(selector)[next]?.focus();
  };
  return { container, stop, onKeyDown, onFocusAt: setActive, forget: () => setActive(null) };
}
