import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Operator, SiteSettings } from '../../shared/contract/index.ts';
import { useStation } from '../station/index.ts';

interface Site {
  settings: SiteSettings | null;
  operator: Operator;
  /** Fetch the settings again (after the admin changed them). */
  reload(): void;
  replace(settings: SiteSettings): void;
}

const SiteContext = createContext<Site | null>(null);

/** The site's settings (display unit, risk level) and who is logged in, for every logged-in screen. */
export function SiteProvider({ operator, refreshKey, onSettings, children }: { operator: Operator; refreshKey: number; onSettings?: (settings: SiteSettings) => void; children: ReactNode }) {
  const station = useStation();
  const [settings, setSettings] = useState<SiteSettings | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    station.call('site.settings', {}).then(
      ({ settings: loaded }) => {
        if (!cancelled) setSettings(loaded);
      },
      (error: unknown) => console.warn('Site settings not loaded; weights show in grams', error),
    );
    return () => {
      cancelled = true;
    };
  }, [station, refreshKey, attempt]);

  useEffect(() => {
    if (settings !== null) onSettings?.(settings);
  }, [settings, onSettings]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return <SiteContext value={{ settings, operator, reload, replace: setSettings }}>{children}</SiteContext>;
}

export function useSite(): Site {
  const site = useContext(SiteContext);
  if (!site) throw new Error('useSite outside <SiteProvider>');
  return site;
}

/** Grams are shown in the site's unit; until the settings arrive, in grams. */
export function useDisplayUnit() {
  return useSite().settings?.displayUnit ?? 'g';
}
