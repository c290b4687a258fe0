import { useEffect } from 'react';
import { useStation } from '../station/index.ts';

/** At most one touch per this interval: auto-lock counts minutes, so this is plenty and cheap. */
export const TOUCH_INTERVAL_MS = 30_000;

/**
 * Tells the station the operator is still at the screen on keys and touches, so someone reading a
 * protocol or filling a long form is not locked out. Station calls already count as activity; this
 * covers the reading and typing between them.
 */
export function useActivityTouch(active: boolean): void {
  const station = useStation();
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < TOUCH_INTERVAL_MS) return;
      last = now;
      station.call('session.touch', {}).catch((error: unknown) => {
        // A missed touch only risks an early lock, which the lock screen explains.
        console.warn('session.touch was not confirmed', error);
      });
    };
    document.addEventListener('keydown', onActivity, true);
    document.addEventListener('pointerdown', onActivity, true);
    return () => {
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('pointerdown', onActivity, true);
    };
  }, [station, active]);
}
