import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Operator, SiteSettings, StationInfo } from '../shared/contract/index.ts';
import { AdminScreen } from './admin/index.ts';
import { CollectionScreen } from './collection/index.ts';
import { LazyDashboard } from './dashboard/index.ts';
import { IncidentsScreen } from './history/index.ts';
import { ItemHistory } from './history/index.ts';
import { useActivityTouch } from './hooks/index.ts';
import { IncidentMode } from './incident/index.ts';
import { ItemWorkspace } from './item/index.ts';
import { MainNav } from './screens/index.ts';
import { RecordsScreen } from './records/index.ts';
import { SiteReviewScreen } from './review/index.ts';
import { NewItemNotice, type NewItem } from './scan/index.ts';
import { useDraftOnScreen, useScanTarget } from './scan/index.ts';
import { PrintJobsProvider } from './site/index.ts';
import { SiteProvider } from './site/index.ts';
import { StationRequestError, toStationRequestError, useConnection, useStation, useStationEvent } from './station/index.ts';
import { ConnectionBanner } from './screens/index.ts';
import { SecurityAlertBanner } from './recipients/index.ts';
import { DeviceBar } from './screens/index.ts';
import { IntakeScreen } from './screens/index.ts';
import { LockScreen } from './screens/index.ts';
import { SetupScreen } from './screens/index.ts';
import { SimulatedBanner } from './screens/index.ts';
import { SimulatorDrawer } from './screens/index.ts';
import { StationHeader } from './screens/index.ts';
import { ErrorNotice } from './ui/index.ts';
import { ConnectingScreen, NoTokenScreen, StartFailedScreen } from './screens/index.ts';

const LOCKED_BY_LINK_LOSS = 'The connection to the station was interrupted, so the station locked. Log in again to continue.';
const LOCKED_BY_STATION = 'The station ended your session. Log in again to continue.';
const LOCKED_BY_OTHER_SCREEN = 'Someone logged in on another screen of this station, so this one locked (one operator at a time). Log in here to continue.';
const lockedByIdle = (minutes: number | null) =>
  `Locked after ${minutes === null ? 'a few' : minutes} minute${minutes === 1 ? '' : 's'} idle — your work is kept. Log in to continue where it stopped.`;

/** Where a logged-in operator is. Incident mode is separate: while it is set, nothing else shows. */
type View =
  | { screen: 'intake' }
  | { screen: 'collection' }
  | { screen: 'item'; custodyId: string; arrival: string | null }
  | { screen: 'history'; custodyId: string }
  | { screen: 'incidents' }
  | { screen: 'records' }
  | { screen: 'siteReview' }
  | { screen: 'dashboard' }
  | { screen: 'admin' };

/**
 * Which screen to show, from the station's snapshots only: what the station is (station.info) and
 * who is logged in on this link (session.current, session.changed). Main decides; this follows.
 */
export function App() {
  const station = useStation();
  const connection = useConnection();
  const [info, setInfo] = useState<StationInfo | null>(null);
  const [operator, setOperator] = useState<Operator | null>(null);
  const [startError, setStartError] = useState<StationRequestError | null>(null);
  const [startAttempt, setStartAttempt] = useState(0);
  const [lockNotice, setLockNotice] = useState<string | null>(null);
  const [intakeDraft, setIntakeDraft] = useState('');
  // The link generation whose session has been confirmed: the logged-in screens reload their
  // snapshots on this, not on the raw link, so they never ask a new link before its session is known.
  const [sessionGeneration, setSessionGeneration] = useState(0);
  const [view, setView] = useState<View>({ screen: 'intake' });
  const [incidentId, setIncidentIdNow] = useState<number | null>(null);
  // In incident mode, at the collection counter: the incident stays the screen's mode (no new mail).
  const [counterInIncident, setCounterInIncident] = useState(false);
  const setIncidentId = useCallback((id: number | null) => {
    setCounterInIncident(false);
    setIncidentIdNow(id);
  }, []);
  const [lastCustodyId, setLastCustodyId] = useState<string | null>(null);
  const [scanRefusal, setScanRefusal] = useState<StationRequestError | null>(null);
  const [incoming, setIncoming] = useState<NewItem | null>(null);
  const draftOnScreen = useDraftOnScreen();
  const autoLockMinutes = useRef<number | null>(null);
  const onSettings = useCallback((settings: SiteSettings) => {
    autoLockMinutes.current = settings.autoLockMinutes;
  }, []);
  useActivityTouch(operator !== null);
  // Read by the callbacks below without resubscribing them on every login and logout.
  const operatorRef = useRef(operator);
  useEffect(() => {
    operatorRef.current = operator;
  }, [operator]);

  // Every new link is a new session at the station: ask again what it is and who is logged in.
  useEffect(() => {
    if (connection.status !== 'ready') return;
    let cancelled = false;
    void (async () => {
      try {
        const nextInfo = await station.call('station.info', {});
        const { operator: current, resumeCustodyId } = await station.call('session.current', {});
        if (cancelled) return;
        setInfo(nextInfo);
        setStartError(null);
        if (operatorRef.current !== null && current === null) setLockNotice(LOCKED_BY_LINK_LOSS);
        if (operatorRef.current === null && current !== null) resume(resumeCustodyId);
        setOperator(current);
        setSessionGeneration(connection.generation);
      } catch (caught) {
        if (!cancelled) setStartError(toStationRequestError(caught));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [station, connection.status, connection.generation, startAttempt]);

  useEffect(
    () =>
      station.onRefusal((error) => {
        if (error.code === 'NOT_AUTHENTICATED' && operatorRef.current !== null) {
          setOperator(null);
          setLockNotice(LOCKED_BY_STATION);
        }
      }),
    [station],
  );

  useStationEvent('session.changed', (payload) => {
    // The minutes the station locked on, not this screen's copy of the settings (it may be older).
    if (payload.reason === 'idle' && operatorRef.current !== null) setLockNotice(lockedByIdle(payload.idleMinutes ?? autoLockMinutes.current));
    if (payload.reason === 'elsewhere' && operatorRef.current !== null) setLockNotice(LOCKED_BY_OTHER_SCREEN);
    if (payload.operator === null) leaveToLock();
    setOperator(payload.operator);
  });

  /** Locking leaves no record on screen; the station remembers the work in progress for the next login. */
  function leaveToLock() {
    setView({ screen: 'intake' });
    setIncidentId(null);
  }

  function resume(custodyId: string | null) {
    setIncidentId(null);
    setView(custodyId === null ? { screen: 'intake' } : { screen: 'item', custodyId, arrival: `Resumed the work in progress: ${custodyId}` });
  }

  const loggedIn = (next: Operator, resumeCustodyId: string | null = null) => {
    setLockNotice(null);
    resume(resumeCustodyId);
    setOperator(next);
  };

  const lockedByOperator = () => {
    leaveToLock();
    setOperator(null);
  };

  const openItem = useCallback((custodyId: string, arrival: string | null) => {
    setScanRefusal(null);
    setIncoming(null);
    setLastCustodyId(custodyId);
    setView({ screen: 'item', custodyId, arrival: arrival === '' ? null : arrival });
  }, []);
  const backToIntake = useCallback(() => setView({ screen: 'intake' }), []);
  const enterIncident = useCallback((id: number) => setIncidentId(id), []);

  // A wedge scan on a screen with no scan field of its own (an item, the history, the admin
  // screen) receives the item, as the intake field would; incident mode takes no new mail.
  // A scanned item opens, unless the item on screen has details typed and not saved: then it stays,
  // draft and all, and a notice says the new one came in.
  const arrived = (custodyId: string, created: boolean) => {
    const message = created ? 'New item received' : 'Already open';
    if (view.screen === 'item' && view.custodyId !== custodyId && draftOnScreen()) setIncoming({ custodyId, message });
    else openItem(custodyId, created ? `New item received — ${custodyId}` : `Already open — brought up existing item ${custodyId}`);
  };
  useScanTarget(
    {
      fallback: true,
      onScan: ({ code, symbology }) => {
        station.call('intake.scan', { code, symbology }).then(
          ({ item, created }) => arrived(item.custodyId, created),
          (caught: unknown) => setScanRefusal(toStationRequestError(caught)),
        );
      },
      onReceived: (item, created) => arrived(item.custodyId, created),
    },
    operator !== null && incidentId === null,
  );

  // A hardware scan intake asks about is answered on the intake screen; elsewhere it is said here,
  // with what to do, instead of going nowhere.
  useStationEvent('scan.question', ({ kind, message }) => {
    if (view.screen !== 'intake' && incidentId === null) setScanRefusal(new StationRequestError(kind === 'asTyped' ? 'CONFIRM_AS_TYPED' : 'CONFIRM_NEW_ITEM', message));
  });

  const screen = chooseScreen();
  return (
    <PrintJobsProvider loadKey={operator === null || info?.needsSetup !== false ? null : `${operator.id}:${sessionGeneration}`}>
    <div className="app">
      {/* The top bars never scroll away and never cover what the operator is working on. */}
      <div className="app-top">
        {info?.simulatedDevices === true && <SimulatedBanner />}
        <ConnectionBanner />
        {screen.top}
      </div>
      <div className="app-body">{screen.body}</div>
    </div>
    </PrintJobsProvider>
  );

  function chooseScreen(): { top?: ReactNode; body: ReactNode } {
    if (connection.status === 'no-token') return { body: narrow(<NoTokenScreen />) };
    if (info === null) {
      if (startError !== null && startError.code !== 'UNAVAILABLE') {
        return { body: narrow(<StartFailedScreen error={startError} onRetry={() => setStartAttempt((n) => n + 1)} />) };
      }
      return { body: narrow(<ConnectingScreen />) };
    }
    if (info.needsSetup || operator === null) {
      return {
        top: <StationHeader info={info} operator={null} onLocked={lockedByOperator} />,
        body: narrow(
          info.needsSetup ? (
            <SetupScreen
              onDone={(admin) => {
                setInfo({ ...info, needsSetup: false });
                loggedIn(admin);
              }}
            />
          ) : (
            <LockScreen notice={lockNotice} onLoggedIn={loggedIn} />
          ),
        ),
      };
    }
    return {
      top: (
        <>
          <StationHeader info={info} operator={operator} onLocked={lockedByOperator} />
          <DeviceBar refreshKey={sessionGeneration} />
          {operator.role === 'coordinator' && <SecurityAlertBanner key={`${operator.id}:${sessionGeneration}`} onOpen={setIncidentId} />}
        </>
      ),
      body: (
        <SiteProvider operator={operator} refreshKey={sessionGeneration} onSettings={onSettings}>
          {incidentId !== null && counterInIncident ? (
            // Incident mode at the counter: mail already cleared is handed over; nothing new comes in.
            <div className="workspace">
              <main className="main" data-testid="incident-counter-view">
                <p className="notice notice-warn" role="status" data-testid="incident-counter-bar">
                  An incident is open at this station: no new mail is taken in. The counter hands over mail already cleared.{' '}
                  <button type="button" className="button button-small" onClick={() => setCounterInIncident(false)} data-testid="incident-counter-back">
                    Back to the incident
                  </button>
                </p>
                <CollectionScreen />
              </main>
            </div>
          ) : incidentId !== null ? (
            // Incident mode: full screen, no navigation but the counter; only the protocol (or a closed incident) leads out.
            <IncidentMode
              key={incidentId}
              incidentId={incidentId}
              refreshKey={sessionGeneration}
              onSwitch={setIncidentId}
              onCounter={() => setCounterInIncident(true)}
              onExit={() => {
                setIncidentId(null);
                setView({ screen: 'intake' });
              }}
            />
          ) : (
            <div className="workspace">
              <main className="main">
                <MainNav
                  current={view.screen === 'item' || view.screen === 'history' ? null : view.screen}
                  role={operator.role}
                  refreshKey={sessionGeneration}
                  onGo={(screen) => {
                    setScanRefusal(null);
                    setIncoming(null);
                    setView({ screen });
                  }}
                />
                <ErrorNotice error={scanRefusal} />
                <NewItemNotice item={incoming} onGo={(custodyId) => openItem(custodyId, null)} onDismiss={() => setIncoming(null)} />
                {renderView(operator, info)}
              </main>
              {info.simulatedDevices && <SimulatorDrawer />}
            </div>
          )}
        </SiteProvider>
      ),
    };
  }

  function renderView(current: Operator, stationInfo: StationInfo): ReactNode {
    switch (view.screen) {
      case 'item':
        return (
          <ItemWorkspace
            key={view.custodyId}
            custodyId={view.custodyId}
            arrival={view.arrival}
            refreshKey={sessionGeneration}
            onBack={backToIntake}
            onHistory={() => setView({ screen: 'history', custodyId: view.custodyId })}
            onIncident={enterIncident}
          />
        );
      case 'history':
        return <ItemHistory custodyId={view.custodyId} onBack={() => setView({ screen: 'item', custodyId: view.custodyId, arrival: null })} onIncident={enterIncident} />;
      case 'incidents':
        return <IncidentsScreen onOpen={enterIncident} refreshKey={sessionGeneration} />;
      case 'collection':
        return <CollectionScreen />;
      case 'records':
        return (
          <RecordsScreen
            role={current.role}
            stationMode={stationInfo.mode}
            onOpen={(custodyId) => openItem(custodyId, null)}
            onHistory={(custodyId) => setView({ screen: 'history', custodyId })}
          />
        );
      case 'siteReview':
        return <SiteReviewScreen refreshKey={sessionGeneration} />;
      case 'dashboard':
        return current.role === 'screener' ? null : <LazyDashboard stationMode={stationInfo.mode} />;
      case 'admin':
        return current.role === 'screener' ? null : <AdminScreen />;
      case 'intake':
        return (
          <IntakeScreen
            draft={intakeDraft}
            onDraftChange={setIntakeDraft}
            stationMode={stationInfo.mode}
            refreshKey={sessionGeneration}
            onOpen={openItem}
            lastCustodyId={lastCustodyId}
          />
        );
    }
  }
}

function narrow(screen: ReactNode) {
  return <main className="main main-narrow">{screen}</main>;
}
