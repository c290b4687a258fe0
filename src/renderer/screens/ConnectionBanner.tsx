import { useConnection, useStation } from '../station/index.ts';

/** Shown over any screen while the link is down; the screen underneath and what was typed stay. */
export function ConnectionBanner() {
  const station = useStation();
  const connection = useConnection();
  if (connection.status !== 'reconnecting') return null;
  return (
    <div className="conn-banner" role="alert" data-testid="connection-lost">
      <div>
        <p className="conn-title">
          {connection.everConnected ? 'Connection to the station lost — reconnecting' : 'Cannot reach the station — retrying'}
        </p>
        <p className="conn-detail">
          Attempt {connection.attempt}. Nothing you typed is lost. If this lasts more than a minute, call your coordinator.
        </p>
      </div>
      <button type="button" className="button button-light" onClick={() => station.retryNow()} data-testid="connection-retry">
        Try now
      </button>
    </div>
  );
}
