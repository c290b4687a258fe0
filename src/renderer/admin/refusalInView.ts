import { useEffect, type RefObject } from 'react';
import type { StationRequestError } from '../station/index.ts';

/**
 * A form's refusal from the station is said at its foot, by the button that sent it; on a kiosk
 * panel the foot may be below the fold while the focus stays on the field where Enter was pressed,
 * so the refusal is scrolled into view (the nearest edge: the field stays where it is when it can).
 */
export function useRefusalInView(form: RefObject<HTMLFormElement | null>, error: StationRequestError | null): void {
  useEffect(() => {
    if (error === null) return;
    form.current?.querySelector('[data-testid="error-message"]')?.scrollIntoView({ block: 'nearest' });
  }, [form, error]);
}
