import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { BRIDGE_GLOBAL, type Item, type ScanClaimKind } from '../../shared/contract/index.ts';
import { discardedScanMessage, type ScanTerminator } from '../../shared/domain/index.ts';
import { useConnection, useStation, useStationEvent } from '../station/index.ts';
import { installWedgeScanner, type WedgeScan } from './wedgeKeys.ts';

export type { WedgeScan } from './wedgeKeys.ts';

export interface ScanTarget {
  /** Takes a completed scan (the whole code, never typed into a field), from any scanner. */
  onScan(scan: WedgeScan): void;
  /** What this part of the screen waits for from the next scan; an item (intake) when not said. */
  waitingFor?: ScanClaimKind;
  /** The same in the operator's words, shown on screen: "the recipient’s badge". */
  words?: string;
  /** A scan the station took in itself (any scanner but the browser's wedge, while this waits for an item). */
  onReceived?(item: Item, created: boolean): void;
  /** The screen's scan field: typing that starts with nothing focused goes there. */
  idleField?: RefObject<HTMLInputElement | null>;
  /** Used only while no other screen part takes scans (the app's "receive it" default). */
  fallback?: boolean;
}

interface Registry {
  register(target: RefObject<ScanTarget>): () => void;
  /** A registered target's claim may have changed: say it again if so. */
  refresh(): void;
  /** An unsaved draft on screen (an item's details half typed): a new item must not replace it. */
  holdDraft(): () => void;
  hasDraft(): boolean;
}

const ScanTargetsContext = createContext<Registry | null>(null);
/** What the screen waits for from the next scan, for ScanWaiting to say. */
const ScanClaimContext = createContext<Claim>({ waitingFor: null, words: null });

/** The Electron preload's bridge is there: main reads the wedge scanner itself (before-input-event). */
function inElectron(): boolean {
  const bridge: unknown = Reflect.get(window, BRIDGE_GLOBAL);
  return typeof bridge === 'object' && bridge !== null;
}

const UNCLAIMED = 'A scan was read, but this screen does not take scans. Finish or leave this screen, then scan again.';
const ITEM_WORDS = 'an item’s label (it is taken in)';

interface Claim {
  waitingFor: ScanClaimKind | null;
  words: string | null;
}

/**
 * One routing for every scan. The part of the screen that registered last (the lock screen's
 * badge, the deliver step's recipient badge, a custody form's seal numbers, the intake field), else
 * the app's default, is what the screen waits for: it says so on screen, and tells the station
 * (session.scanClaim), which sends its own scanners' next scan here (scan.claimed) instead of taking
 * it in. The browser's keyboard-wedge scans are read here and go the same way; in Electron, main
 * reads the wedge and routes it as it does a serial scan.
 */
export function ScanTargetsProvider({ children }: { children: ReactNode }) {
  const station = useStation();
  const connection = useConnection();
  const targets = useRef<Array<RefObject<ScanTarget>>>([]);
  const drafts = useRef(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [claim, setClaim] = useState<Claim>({ waitingFor: null, words: null });
  const [terminator, setTerminator] = useState<ScanTerminator>('Enter');

  const current = useCallback((): ScanTarget | null => {
    const list = targets.current;
    const specific = list.filter((target) => target.current.fallback !== true).at(-1);
    return (specific ?? list.at(-1))?.current ?? null;
  }, []);

  const recompute = useCallback(() => {
    const target = current();
    // No part of the screen takes scans (incident mode takes no new mail): the station takes none either.
    const next: Claim = target === null ? { waitingFor: 'nothing', words: 'not taken on this screen' } : { waitingFor: target.waitingFor ?? 'item', words: target.words ?? ITEM_WORDS };
    setClaim((before) => (before.waitingFor === next.waitingFor && before.words === next.words ? before : next));
  }, [current]);

  const route = useCallback(
    (scan: WedgeScan) => {
      const target = current();
      if (target === null) setNotice(UNCLAIMED);
      else {
        setNotice(null);
        target.onScan(scan);
      }
    },
    [current],
  );

  // The station's scanners: a scan this screen claimed, an item it took in, a scan it could not use.
  useStationEvent('scan.claimed', ({ code, symbology }) => route({ code, symbology }));
  useStationEvent('scan.received', ({ item, created }) => current()?.onReceived?.(item, created));
  useStationEvent('scan.refused', ({ message }) => setNotice(message));

  // What ends a wedge scan is the station's setting (station.json), read on every new link.
  useEffect(() => {
    if (connection.status !== 'ready') return;
    let cancelled = false;
    station.call('station.info', {}).then(
      (info) => {
        if (!cancelled) setTerminator(info.scanTerminator);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [station, connection.status, connection.generation]);

  // The station is told what this screen waits for whenever it changes, on every new link (a new
  // session), and when this screen comes to the front (another tab was in use).
  useEffect(() => {
    if (connection.status !== 'ready') return;
    const tell = () => {
      station.call('session.scanClaim', { waitingFor: claim.waitingFor }).catch(() => undefined);
    };
    tell();
    const onVisible = () => {
      if (document.visibilityState === 'visible') tell();
    };
    window.addEventListener('focus', tell);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', tell);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [station, connection.status, connection.generation, claim.waitingFor]);

  useEffect(() => {
    if (inElectron()) return;
    return installWedgeScanner(route, () => current()?.idleField?.current ?? null, {
      terminator,
      onDiscarded: (discarded) => setNotice(discardedScanMessage(discarded, terminator)),
    });
  }, [current, route, terminator]);

  useEffect(() => {
    if (notice === null) return;
    const timer = window.setTimeout(() => setNotice(null), 8000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const registry = useRef<Registry>({
    register(target) {
      targets.current = [...targets.current, target];
      recompute();
      return () => {
        targets.current = targets.current.filter((known) => known !== target);
        recompute();
      };
    },
    refresh: recompute,
    holdDraft() {
      drafts.current += 1;
      let held = true;
      return () => {
        if (held) drafts.current -= 1;
        held = false;
      };
    },
    hasDraft: () => drafts.current > 0,
  });

  return (
    <ScanTargetsContext value={registry.current}>
      <ScanClaimContext value={claim}>{children}</ScanClaimContext>
      <p className={notice === null ? 'scan-unclaimed' : 'scan-unclaimed scan-unclaimed-shown'} role="status" data-testid="scan-unclaimed">
        {notice}
      </p>
    </ScanTargetsContext>
  );
}

/** Says, in words, what the next scan from any scanner goes to (in the station header, on every screen). */
export function ScanWaiting() {
  const claim = useContext(ScanClaimContext);
  if (claim.words === null) return null;
  return (
    <p className="scan-waiting" data-testid="scan-waiting" data-waiting-for={claim.waitingFor ?? ''}>
      <span className="scan-waiting-label">Next scan:</span> {claim.words}
    </p>
  );
}

/** Takes scans while mounted (and `enabled`); the latest `target` is used without re-registering. */
export function useScanTarget(target: ScanTarget, enabled = true): void {
  const registry = useContext(ScanTargetsContext);
  const latest = useRef(target);
  useEffect(() => {
    latest.current = target;
    registry?.refresh();
  });
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register(latest);
  }, [registry, enabled]);
}

/** While `unsaved`, a scanned new item is announced, not opened in this draft's place. */
export function useUnsavedDraft(unsaved: boolean): void {
  const registry = useContext(ScanTargetsContext);
  useEffect(() => {
    if (!registry || !unsaved) return;
    return registry.holdDraft();
  }, [registry, unsaved]);
}

/** Whether an unsaved draft is on screen right now (read when a scan arrives). */
export function useDraftOnScreen(): () => boolean {
  const registry = useContext(ScanTargetsContext);
  return useCallback(() => registry?.hasDraft() ?? false, [registry]);
}
