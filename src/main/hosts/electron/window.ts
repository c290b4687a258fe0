import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './origin.ts';
import { stderrLog } from '../../log.ts';

const log = stderrLog();

export interface KioskWindowOptions {
  /** Absolute path of the bundled, single-file CommonJS preload. */
  readonly preloadPath: string;
  readonly dev: boolean;
}

type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * Creates the kiosk window and loads the app from app:// (never file://, checklist #18). The
 * options follow the Electron security checklist: isolated (#3), sandboxed (#4), no Node in the
 * page (#2), web security on (#6), nothing insecure or experimental (#8-#10), no <webview>, no
 * spellchecker (it would fetch dictionaries), devtools only in development. They are written
 * inline in `new BrowserWindow({...})` on purpose: that is the shape Electronegativity can read
 * in the bundle, so the security scan checks these very options.
 * The window shows once it has painted, so the kiosk never flashes an empty frame.
 */
export function createKioskWindow(BrowserWindow: BrowserWindowClass, options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#101418',
    title: 'Mailscreen',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.dev,
    },
  });
  win.once('ready-to-show', () => win.show());
  loadApp(win);
  return win;
}

/**
 * A crashed or killed renderer is reloaded rather than leaving a dead screen; a crash loop is
 * slowed down so it cannot spin the CPU.
 */
export function reloadWhenRendererGone(win: BrowserWindow, onGone: () => void, delayMs = 1000): void {
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    log.error(`renderer gone (${details.reason}); reloading`);
    onGone();
    setTimeout(() => {
      if (!win.isDestroyed()) loadApp(win);
    }, delayMs);
  });
}

function loadApp(win: BrowserWindow): void {
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log.error(`could not load ${APP_ENTRY_URL}:`, error);
  });
}
