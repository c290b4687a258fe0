import type { StationRequestError } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';

/** Before the station has said what it is. */
export function ConnectingScreen() {
  return (
    <section className="panel panel-narrow panel-center" aria-busy="true" data-testid="connecting-screen">
      <div className="spinner" aria-hidden="true" />
      <h1>Connecting to the station…</h1>
    </section>
  );
}

/** A browser opened on the web host's address without the token the host printed. */
export function NoTokenScreen() {
  return (
    <section className="panel panel-narrow" data-testid="no-token-screen">
      <h1>This page needs the station’s link</h1>
      <p className="lead">
        Open the full address the station showed when it started. It ends with <code>#token=</code> followed by letters
        and digits. Ask an admin if you do not have it.
      </p>
    </section>
  );
}

export function StartFailedScreen({ error, onRetry }: { error: StationRequestError; onRetry(): void }) {
  return (
    <section className="panel panel-narrow" data-testid="start-failed-screen">
      <h1>The station did not start this screen</h1>
      <ErrorNotice error={error} />
      <button type="button" className="button button-primary button-wide" onClick={onRetry} data-testid="start-retry">
        Try again
      </button>
    </section>
  );
}
