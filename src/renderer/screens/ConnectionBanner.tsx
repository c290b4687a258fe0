import { useConnection, useStation } from '../station/index.ts';

/** Shown over any screen while the link is down; the screen underneath and what was typed stay. */
export function ConnectionBanner() {
  const station = useStation();
  const connection = useConnection();
  if (connection.status !== 'reconnecting') return null;
  if (connection.tokenRefused) {
    // Retrying cannot help: the token changes at every start of the station.
    return (
      <div className="conn-banner" role="alert" data-testid="connection-lost">
        <div>
          <p className="conn-title">The station did not accept this page’s link</p>
          <p className="conn-detail" data-testid="token-refused">
            Its link changes each time it starts. Open the address it showed at its last start (it ends with #token=); this page
            connects as soon as its address changes.
          </p>
        </div>
      </div>
    );
  }
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
