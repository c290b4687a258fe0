import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Operator, StationInfo } from '../shared/contract/index.ts';
import { toStationRequestError, type StationRequestError, useConnection, useStation, useStationEvent } from './station/index.ts';
import { ConnectionBanner } from './screens/ConnectionBanner.tsx';
import { DeviceBar } from './screens/DeviceBar.tsx';
import { IntakeScreen } from './screens/IntakeScreen.tsx';
import { LockScreen } from './screens/LockScreen.tsx';
import { SetupScreen } from './screens/SetupScreen.tsx';
import { SimulatedBanner } from './screens/SimulatedBanner.tsx';
import { SimulatorDrawer } from './screens/SimulatorDrawer.tsx';
import { StationHeader } from './screens/StationHeader.tsx';
import { ConnectingScreen, NoTokenScreen, StartFailedScreen } from './screens/WaitScreens.tsx';

const LOCKED_BY_LINK_LOSS = 'The connection to the station was interrupted, so the station locked. Log in again to continue.';
const LOCKED_BY_STATION = 'The station ended your session. Log in again to continue.';

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
        const { operator: current } = await station.call('session.current', {});
        if (cancelled) return;
        setInfo(nextInfo);
        setStartError(null);
        if (operatorRef.current !== null && current === null) setLockNotice(LOCKED_BY_LINK_LOSS);
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

  useStationEvent('session.changed', (payload) => setOperator(payload.operator));

  const loggedIn = (next: Operator) => {
    setLockNotice(null);
    setOperator(next);
  };

  const screen = chooseScreen();
  return (
    <div className="app">
      {/* The top bars never scroll away and never cover what the operator is working on. */}
      <div className="app-top">
        {info?.simulatedDevices === true && <SimulatedBanner />}
        <ConnectionBanner />
        {screen.top}
      </div>
      <div className="app-body">{screen.body}</div>
    </div>
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
        top: <StationHeader info={info} operator={null} onLocked={() => setOperator(null)} />,
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
          <StationHeader info={info} operator={operator} onLocked={() => setOperator(null)} />
          <DeviceBar refreshKey={sessionGeneration} />
        </>
      ),
      body: (
        <div className="workspace">
          <main className="main">
            <IntakeScreen draft={intakeDraft} onDraftChange={setIntakeDraft} stationMode={info.mode} refreshKey={sessionGeneration} />
          </main>
          {info.simulatedDevices && <SimulatorDrawer />}
        </div>
      ),
    };
  }
}

function narrow(screen: ReactNode) {
  return <main className="main main-narrow">{screen}</main>;
}
