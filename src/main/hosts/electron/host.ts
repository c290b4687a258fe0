import path from 'node:path';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, Menu, Protocol, Session } from 'electron';
import type { RunningStation, StartStationOptions } from '../../core/index.ts';
import { installAppProtocol, registerAppScheme } from './appProtocol.ts';
import { isDevelopment } from './devMode.ts';
import { installIpc, type KioskIpc } from './ipc.ts';
import { lockDownContents, lockDownSession } from './lockdown.ts';
import { saveDownloadsTo } from './downloads.ts';
import { attachWedgeScanner } from './wedgeScanner.ts';
import type { WedgeDiscardHandler, WedgeScanHandler } from './wedgeScanner.ts';
import type { ScanTerminator } from '../../../shared/domain/index.ts';
import { createKioskWindow, reloadWhenRendererGone } from './window.ts';
import { stderrLog } from '../../log.ts';
import { STATION_JS_FLAGS } from '../../stationMemory.ts';

const log = stderrLog();

/** What the host needs of a running station: screens connect to its endpoint; it closes on quit. */
export type HostedStation = Pick<RunningStation, 'endpoint' | 'close'>;

/** Everything the host takes from Electron and the process, passed in so tests can fake it. */
export interface ElectronHostDeps {
  readonly app: App;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly Menu: Pick<typeof Menu, 'setApplicationMenu'>;
  readonly protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  readonly session: { readonly defaultSession: Session };
  readonly dialog: Pick<Dialog, 'showErrorBox'>;
  readonly startStation: (options: StartStationOptions) => Promise<HostedStation>;
  /** The build output folder holding preload/preload.cjs and renderer/. */
  readonly outDir: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Keyboard-wedge scans typed into the kiosk window (the station's takeScan); none: keys pass untouched. */
  readonly onWedgeScan?: WedgeScanHandler;
  /** A wedge burst that did not end at its terminator (the station tells the screen in front). */
  readonly onWedgeDiscarded?: WedgeDiscardHandler;
  /** What ends a wedge scan at this station, once it has started (station.json); Enter by default. */
  readonly wedgeTerminator?: () => ScanTerminator;
}

/**
 * The Electron host's lifecycle. What must happen before 'ready' (privileged scheme, sandbox for
 * every renderer, single-instance lock) happens synchronously here; the rest waits for 'ready'.
 * Resolves once the kiosk window exists (or the app is quitting).
 */
export function runElectronHost(deps: ElectronHostDeps): Promise<void> {
  const { app } = deps;
  // Before 'ready', or Chromium has started its processes without them (the kiosk's renderer keeps a smaller young generation).
  if (!app.commandLine.hasSwitch('js-flags')) app.commandLine.appendSwitch('js-flags', STATION_JS_FLAGS);
  registerAppScheme(deps.protocol);
  app.enableSandbox();

  // A second kiosk would fight the first over the devices and the database.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }

  const dev = isDevelopment(app, deps.env);
  const demo = deps.argv.includes('--demo');
  let win: BrowserWindow | null = null;
  let station: HostedStation | null = null;
  let ipc: KioskIpc | null = null;

  app.on('second-instance', () => {
    if (win === null || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // Every WebContents, including any this code never meant to create, gets the same lockdown.
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, { dev }));
  app.on('window-all-closed', () => app.quit());
  // Close the station (database, devices) before the process exits; quit again once it is closed.
  app.on('will-quit', (event) => {
    const running = station;
    if (running === null) return;
    event.preventDefault();
    station = null;
    ipc?.dispose();
    ipc = null;
    running
      .close()
      .catch((error: unknown) => log.error('closing the station failed:', error))
      .finally(() => app.quit());
  });

  return app
    .whenReady()
    .then(async () => {
      deps.Menu.setApplicationMenu(null);
      lockDownSession(deps.session.defaultSession);
      saveDownloadsTo(deps.session.defaultSession, path.join(app.getPath('userData'), 'exports'));
      installAppProtocol(deps.protocol, path.join(deps.outDir, 'renderer'));
      station = await deps.startStation({ dataDir: app.getPath('userData'), demo, version: app.getVersion() });
      const kiosk = createKioskWindow(deps.BrowserWindow, { preloadPath: path.join(deps.outDir, 'preload', 'preload.cjs'), dev });
      win = kiosk;
      const kioskIpc = installIpc(deps.ipcMain, kiosk, station.endpoint);
      ipc = kioskIpc;
      // A crashed screen comes back locked: its session goes with the old renderer.
      reloadWhenRendererGone(kiosk, () => kioskIpc.reconnect());
      if (deps.onWedgeScan) {
        attachWedgeScanner(kiosk.webContents, {
          onScan: deps.onWedgeScan,
          ...(deps.onWedgeDiscarded ? { onDiscarded: deps.onWedgeDiscarded } : {}),
          burst: { terminator: deps.wedgeTerminator?.() ?? 'Enter' },
        });
      }
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error('could not start:', error);
      deps.dialog.showErrorBox('Mailscreen could not start', message);
      app.exit(1);
    });
}
