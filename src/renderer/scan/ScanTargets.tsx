import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { BRIDGE_GLOBAL } from '../../shared/contract/index.ts';
import { installWedgeScanner, type WedgeScan } from './wedgeKeys.ts';

export type { WedgeScan } from './wedgeKeys.ts';

export interface ScanTarget {
  /** Takes a completed scan (the whole code, never typed into a field). */
  onScan(scan: WedgeScan): void;
  /** The screen's scan field: typing that starts with nothing focused goes there. */
  idleField?: RefObject<HTMLInputElement | null>;
  /** Used only while no other screen part takes scans (the app's "receive it" default). */
  fallback?: boolean;
}

interface Registry {
  register(target: RefObject<ScanTarget>): () => void;
}

const ScanTargetsContext = createContext<Registry | null>(null);

/** The Electron preload's bridge is there: main reads the wedge scanner itself (before-input-event). */
function inElectron(): boolean {
  const bridge: unknown = Reflect.get(window, BRIDGE_GLOBAL);
  return typeof bridge === 'object' && bridge !== null;
}

const UNCLAIMED = 'A scan was read, but this screen does not take scans. Finish or leave this screen, then scan again.';

/**
 * Where a keyboard-wedge scan goes: the part of the screen that registered last (the lock screen's
 * badge, the deliver step's recipient badge, the intake field), else the app's default. In the web
 * host the page tells scans from typing itself; in Electron main does, and this only routes.
 */
export function ScanTargetsProvider({ children }: { children: ReactNode }) {
  const targets = useRef<Array<RefObject<ScanTarget>>>([]);
  const [unclaimed, setUnclaimed] = useState<string | null>(null);

  const current = useCallback((): ScanTarget | null => {
    const list = targets.current;
    const specific = list.filter((target) => target.current.fallback !== true).at(-1);
    return (specific ?? list.at(-1))?.current ?? null;
  }, []);

  useEffect(() => {
    if (inElectron()) return;
    return installWedgeScanner(
      (scan) => {
        const target = current();
        if (target === null) setUnclaimed(UNCLAIMED);
        else {
          setUnclaimed(null);
          target.onScan(scan);
        }
      },
      () => current()?.idleField?.current ?? null,
    );
  }, [current]);

  useEffect(() => {
    if (unclaimed === null) return;
    const timer = window.setTimeout(() => setUnclaimed(null), 6000);
    return () => window.clearTimeout(timer);
  }, [unclaimed]);

  const registry = useRef<Registry>({
    register(target) {
      targets.current = [...targets.current, target];
      return () => {
        targets.current = targets.current.filter((known) => known !== target);
      };
    },
  });

  return (
    <ScanTargetsContext value={registry.current}>
      {children}
      <p className={unclaimed === null ? 'scan-unclaimed' : 'scan-unclaimed scan-unclaimed-shown'} role="status" data-testid="scan-unclaimed">
        {unclaimed}
      </p>
    </ScanTargetsContext>
  );
}

/** Takes keyboard-wedge scans while mounted (and `enabled`); the latest `target` is used without re-registering. */
export function useScanTarget(target: ScanTarget, enabled = true): void {
  const registry = useContext(ScanTargetsContext);
  const latest = useRef(target);
  useEffect(() => {
    latest.current = target;
  });
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register(latest);
  }, [registry, enabled]);
}
