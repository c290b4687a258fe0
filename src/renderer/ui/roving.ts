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
