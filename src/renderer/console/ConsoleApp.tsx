import { useState } from 'react';
import { ConnectingScreen, ConnectionBanner, NoTokenScreen } from '../screens/index.ts';
import { useConnection } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { useConsoleQuery } from './ConsoleContext.tsx';
import { CONSOLE_SCREENS } from './consoleScreens.tsx';
import './console.css';

/**
 * The renderer in its site mode: the security office's console. No operator logs in here (the
 * console's token and its read-only PostgreSQL role guard it) and nothing is done at a station from
 * it: it shows the site's record, each screen asking the site again every few seconds.
 */
export function ConsoleApp() {
  const connection = useConnection();
  // Asked again like the screens: a console started while the site was down comes up when it is back.
  const info = useConsoleQuery('console.info', {});
  const [screenId, setScreenId] = useState(CONSOLE_SCREENS[0]!.id);
  const screen = CONSOLE_SCREENS.find((candidate) => candidate.id === screenId) ?? CONSOLE_SCREENS[0]!;

  if (connection.status === 'no-token') {
    return (
      <main className="main main-narrow">
        <NoTokenScreen />
      </main>
    );
  }
  // A station's address opened with the console's fragment: the station does not know the console's commands.
  const notConsole = info.error?.code === 'UNKNOWN_COMMAND';
  return (
    <div className="app" data-testid="site-console">
      <div className="app-top">
        <ConnectionBanner />
        <header className="station-header console-header" data-testid="console-header">
          <div className="station-id">
            <span className="brand">Mailscreen</span>
            <span>
              Site console{info.value !== null && <> — <span data-testid="console-site">{info.value.site}</span></>}
            </span>
          </div>
          <span className="console-readonly">Reads the site’s record; work is done at the stations</span>
        </header>
      </div>
      <div className="app-body">
        <main className="main console-main">
          {notConsole ? (
            <section className="panel panel-narrow" data-testid="console-not-here">
              <h1>This address is a station’s, not the site console’s</h1>
              <p className="lead">Open the address that site serve printed when it started.</p>
            </section>
          ) : info.value === null ? (
            info.error !== null ? <ErrorNotice error={info.error} /> : <ConnectingScreen />
          ) : (
            <>
              <nav className="main-nav" aria-label="Screens">
                {CONSOLE_SCREENS.map((candidate) => (
                  <button
                    key={candidate.id}
                    type="button"
                    className={candidate.id === screen.id ? 'nav-tab nav-active' : 'nav-tab'}
                    aria-current={candidate.id === screen.id ? 'page' : undefined}
                    onClick={() => setScreenId(candidate.id)}
                    data-testid={`console-nav-${candidate.id}`}
                  >
                    {candidate.label}
                  </button>
                ))}
              </nav>
              {screen.render()}
            </>
          )}
        </main>
      </div>
    </div>
  );
}
