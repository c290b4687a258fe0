// The Electron host, tested without Electron: 'electron' is replaced by fakes that record what the
// host configures (window options, handlers) so each security property can be asserted directly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import { BRIDGE_GLOBAL, COMMAND_NAMES, EVENT_NAMES, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../src/shared/contract/index.ts';
import type { CommandResult, EventName } from '../../src/shared/contract/index.ts';
import { RENDERER_CSP } from '../../src/shared/csp.ts';
import type { StationConnection, StationEndpoint } from '../../src/main/core/connection.ts';
import type { HostedStation } from '../../src/main/hosts/electron/host.ts';

type Listener = (...args: unknown[]) => unknown;

const fakes = vi.hoisted(() => {
  class FakeEmitter {
    listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    removeListener(event: string, listener: Listener): this {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
      return this;
    }
    listenerCount(event: string): number {
      return this.listeners.get(event)?.length ?? 0;
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
    }
  }

  class FakeWebContents extends FakeEmitter {
    mainFrame = { url: 'app://mailscreen/index.html' };
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    send = vi.fn();
    setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends FakeEmitter {
    static instances: FakeBrowserWindow[] = [];
    options: unknown;
    webContents = new FakeWebContents();
    loadURL = vi.fn(async (_url: string) => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => false);
    destroyed = false;
    constructor(options: unknown) {
      super();
      this.options = options;
      FakeBrowserWindow.instances.push(this);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
  }

  class FakeSession extends FakeEmitter {
    permissionRequestHandler: Listener | null = null;
    permissionCheckHandler: Listener | null = null;
    devicePermissionHandler: Listener | null = null;
    displayMediaRequestHandler: Listener | null = null;
    beforeRequest: Listener | null = null;
    setPermissionRequestHandler(handler: Listener): void {
      this.permissionRequestHandler = handler;
    }
    setPermissionCheckHandler(handler: Listener): void {
      this.permissionCheckHandler = handler;
    }
    setDevicePermissionHandler(handler: Listener): void {
      this.devicePermissionHandler = handler;
    }
    setDisplayMediaRequestHandler(handler: Listener): void {
      this.displayMediaRequestHandler = handler;
    }
    webRequest = {
      onBeforeRequest: (handler: Listener): void => {
        this.beforeRequest = handler;
      },
    };
  }

  class FakeApp extends FakeEmitter {
    isPackaged = true;
    enableSandbox = vi.fn();
    requestSingleInstanceLock = vi.fn(() => true);
    quit = vi.fn();
    exit = vi.fn();
    whenReady = vi.fn(() => Promise.resolve());
    getPath = vi.fn((name: string) => `/fake/${name}`);
    getVersion = vi.fn(() => '9.9.9-test');
    /** Chromium's switches, as the command line gave them and as the host appends them. */
    switches = new Map<string, string>();
    commandLine = {
      hasSwitch: vi.fn((name: string) => this.switches.has(name)),
      getSwitchValue: vi.fn((name: string) => this.switches.get(name) ?? ''),
      appendSwitch: vi.fn((name: string, value?: string) => void this.switches.set(name, value ?? '')),
    };
  }

  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, Listener>();
  const exposed = new Map<string, unknown>();
  const ipcRenderer = Object.assign(new FakeEmitter(), { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: {} })) });

  return {
    FakeEmitter,
    FakeWebContents,
    FakeBrowserWindow,
    FakeSession,
    FakeApp,
    ipcHandlers,
    protocolHandlers,
    exposed,
    ipcRenderer,
    app: new FakeApp(),
    session: { defaultSession: new FakeSession() },
    ipcMain: {
      handle: vi.fn((channel: string, handler: Listener) => void ipcHandlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => void ipcHandlers.delete(channel)),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: Listener) => void protocolHandlers.set(scheme, handler)),
    },
    Menu: { setApplicationMenu: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)) },
  };
});

vi.mock('electron', () => ({
  app: fakes.app,
  BrowserWindow: fakes.FakeBrowserWindow,
  ipcMain: fakes.ipcMain,
  ipcRenderer: fakes.ipcRenderer,
  contextBridge: fakes.contextBridge,
  protocol: fakes.protocol,
  session: fakes.session,
  Menu: fakes.Menu,
  dialog: fakes.dialog,
}));

const { runElectronHost, isBlockedShortcut, resolveAppPath, createAppRequestHandler, installIpc, FORBIDDEN_SENDER, isAllowedRequestUrl } =
  await import('../../src/main/hosts/electron/index.ts');

type FakeWindow = InstanceType<typeof fakes.FakeBrowserWindow>;
type FakeContents = InstanceType<typeof fakes.FakeWebContents>;

function fakeConnection(): StationConnection & { call: ReturnType<typeof vi.fn>; emit(event: EventName, payload: unknown): void; closed: boolean } {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  return {
    closed: false,
    call: vi.fn(async (command: string): Promise<CommandResult<unknown>> => ({ ok: true, value: { command } })),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      this.closed = true;
    },
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
  };
}

function fakeEndpoint(): StationEndpoint & { connections: ReturnType<typeof fakeConnection>[] } {
  const connections: ReturnType<typeof fakeConnection>[] = [];
  return {
    connections,
    connect() {
      const c = fakeConnection();
      connections.push(c);
      return c;
    },
  };
}

function resetFakes(): void {
  vi.clearAllMocks();
  fakes.FakeBrowserWindow.instances.length = 0;
  fakes.ipcHandlers.clear();
  fakes.protocolHandlers.clear();
  fakes.exposed.clear();
  fakes.app.listeners.clear();
  fakes.app.isPackaged = true;
  fakes.app.switches.clear();
  fakes.app.commandLine.appendSwitch.mockClear();
  fakes.app.whenReady.mockClear();
  fakes.app.requestSingleInstanceLock.mockReturnValue(true);
  fakes.session.defaultSession = new fakes.FakeSession();
  fakes.ipcRenderer.listeners.clear();
}

/** The (mocked) electron modules the host is given, as the real entry point passes them. */
async function electronModules() {
  const electron = await import('electron');
  return {
    app: electron.app,
    BrowserWindow: electron.BrowserWindow,
    ipcMain: electron.ipcMain,
    Menu: electron.Menu,
    protocol: electron.protocol,
    session: electron.session,
    dialog: electron.dialog,
  };
}

async function startHost(options: { env?: NodeJS.ProcessEnv; argv?: string[]; packaged?: boolean } = {}) {
  fakes.app.isPackaged = options.packaged ?? true;
  const endpoint = fakeEndpoint();
  const station: HostedStation = { endpoint, close: vi.fn(async () => undefined) };
  const startStation = vi.fn(async () => station);
  await runElectronHost({
    ...(await electronModules()),
    startStation,
    outDir: '/opt/mailscreen/out',
    argv: options.argv ?? ['electron', '.'],
    env: options.env ?? {},
  });
  const win = fakes.FakeBrowserWindow.instances[0];
  return { win, endpoint, station, startStation };
}

function createdContents(win: FakeWindow): FakeContents {
  // The host locks down every WebContents through app 'web-contents-created'.
  fakes.app.emit('web-contents-created', {}, win.webContents);
  return win.webContents;
}

function invokeEvent(sender: FakeContents, frame: { url: string } | null = sender.mainFrame): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

beforeEach(() => {
  resetFakes();
  // The host logs refusals and crashes; the assertions here are on behaviour, not on the log.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('the kiosk window', () => {
  it('is isolated, sandboxed, without Node, with web security, kiosk and fullscreen, and no devtools outside development', async () => {
    const { win } = await startHost();
    expect(win).toBeDefined();
    const options = win!.options as BrowserWindowConstructorOptions;
    expect(options.kiosk).toBe(true);
    expect(options.fullscreen).toBe(true);
    const prefs = options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.experimentalFeatures).not.toBe(true);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.webviewTag).not.toBe(true);
    expect(prefs.devTools).toBe(false);
    expect(prefs.preload).toBe(path.join('/opt/mailscreen/out', 'preload', 'preload.cjs'));
    expect(fakes.app.enableSandbox).toHaveBeenCalled();
    expect(fakes.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it('allows devtools only in an unpackaged app started with MAILSCREEN_DEV=1', async () => {
    const packaged = await startHost({ env: { MAILSCREEN_DEV: '1' }, packaged: true });
    expect((packaged.win!.options as BrowserWindowConstructorOptions).webPreferences!.devTools).toBe(false);
    resetFakes();
    const dev = await startHost({ env: { MAILSCREEN_DEV: '1' }, packaged: false });
    expect((dev.win!.options as BrowserWindowConstructorOptions).webPreferences!.devTools).toBe(true);
  });

  it('registers app:// as a privileged standard, secure scheme and loads the app from it, never file://', async () => {
    const { win } = await startHost();
    expect(fakes.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fakes.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(win!.loadURL).toHaveBeenCalledWith('app://mailscreen/index.html');
    for (const [url] of win!.loadURL.mock.calls) expect(url).not.toMatch(/^file:/);
  });

  it('starts the station in the userData folder, in demo mode only with --demo', async () => {
    const normal = await startHost();
    expect(normal.startStation).toHaveBeenCalledWith({ dataDir: '/fake/userData', demo: false, version: '9.9.9-test' });
    resetFakes();
    const demo = await startHost({ argv: ['electron', '.', '--demo'] });
    expect(demo.startStation).toHaveBeenCalledWith({ dataDir: '/fake/userData', demo: true, version: '9.9.9-test' });
  });

  it("gives Chromium the station's V8 flags (a smaller young generation) before 'ready', so the kiosk's renderer starts with them", async () => {
    await startHost();
    expect(fakes.app.commandLine.appendSwitch).toHaveBeenCalledWith('js-flags', '--max-semi-space-size=4 --heap-growing-percent=50');
    expect(fakes.app.commandLine.appendSwitch.mock.invocationCallOrder[0]).toBeLessThan(fakes.app.whenReady.mock.invocationCallOrder[0]!);
  });

  it('keeps the js-flags a site gave on the command line', async () => {
    fakes.app.switches.set('js-flags', '--max-semi-space-size=8');
    await startHost();
    expect(fakes.app.commandLine.appendSwitch).not.toHaveBeenCalled();
    expect(fakes.app.switches.get('js-flags')).toBe('--max-semi-space-size=8');
  });

  it('quits when another instance holds the single-instance lock, before creating anything', async () => {
    fakes.app.requestSingleInstanceLock.mockReturnValue(false);
    const { win, startStation } = await startHost();
    expect(fakes.app.quit).toHaveBeenCalled();
    expect(win).toBeUndefined();
    expect(startStation).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { win } = await startHost();
    fakes.app.emit('second-instance');
    expect(win!.focus).toHaveBeenCalled();
  });

  it('reloads a crashed renderer with a fresh (locked) station session', async () => {
    vi.useFakeTimers();
    try {
      const { win, endpoint } = await startHost();
      win!.loadURL.mockClear();
      win!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      expect(endpoint.connections[0]!.closed).toBe(true);
      expect(endpoint.connections).toHaveLength(2);
      vi.advanceTimersByTime(1000);
      expect(win!.loadURL).toHaveBeenCalledWith('app://mailscreen/index.html');
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes the station before the app quits', async () => {
    const { station } = await startHost();
    const preventDefault = vi.fn();
    fakes.app.emit('will-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(station.close).toHaveBeenCalled();
    await vi.waitFor(() => expect(fakes.app.quit).toHaveBeenCalled());
  });

  it('shows an error and exits when the station cannot start', async () => {
    await runElectronHost({
      ...(await electronModules()),
      startStation: async () => {
        throw new Error('database is locked');
      },
      outDir: '/out',
      argv: [],
      env: {},
    });
    expect(fakes.dialog.showErrorBox).toHaveBeenCalledWith('Mailscreen could not start', 'database is locked');
    expect(fakes.app.exit).toHaveBeenCalledWith(1);
  });
});

describe('permissions', () => {
  const PERMISSIONS = ['hid', 'serial', 'usb', 'media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'midi'];

  it('denies every permission request and check, hid, serial and usb included', async () => {
    await startHost();
    const ses = fakes.session.defaultSession;
    for (const permission of PERMISSIONS) {
      const callback = vi.fn();
      ses.permissionRequestHandler!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!({}, permission, 'app://mailscreen', {}), permission).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'hid', origin: 'app://mailscreen' })).toBe(false);
    expect(ses.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://mailscreen' })).toBe(false);
  });

  it("grants the kiosk's own page the camera, video only (issue 14): audio, another origin, a frame, another permission stay denied", async () => {
    await startHost();
    const ses = fakes.session.defaultSession;
    const kiosk = { getURL: () => 'app://mailscreen/index.html' };
    const camera = { mediaTypes: ['video'], requestingUrl: 'app://mailscreen/index.html', isMainFrame: true };
    const asked = (contents: unknown, permission: string, details: Record<string, unknown>): unknown => {
      const callback = vi.fn();
      ses.permissionRequestHandler!(contents, permission, callback, details);
      return callback.mock.calls[0]?.[0];
    };
    expect(asked(kiosk, 'media', camera)).toBe(true);
    expect(ses.permissionCheckHandler!(kiosk, 'media', 'app://mailscreen', { mediaType: 'video', isMainFrame: true })).toBe(true);
    const refused: Array<[unknown, string, Record<string, unknown>]> = [
      [kiosk, 'media', { ...camera, mediaTypes: ['video', 'audio'] }],
      [kiosk, 'media', { ...camera, mediaTypes: ['audio'] }],
      [kiosk, 'media', { ...camera, mediaTypes: [] }],
      [kiosk, 'media', { ...camera, isMainFrame: false }],
      [kiosk, 'media', { ...camera, requestingUrl: 'https://evil.example/' }],
      [kiosk, 'media', { ...camera, requestingUrl: 'app://mailscreen.evil.example/' }],
      [{ getURL: () => 'https://evil.example/' }, 'media', camera],
      [{}, 'media', camera],
      ...PERMISSIONS.filter((p) => p !== 'media').map((p): [unknown, string, Record<string, unknown>] => [kiosk, p, camera]),
    ];
    for (const [contents, permission, details] of refused) expect(asked(contents, permission, details), `${permission} ${JSON.stringify(details)}`).toBe(false);
    for (const [origin, details] of [
      ['app://mailscreen', { mediaType: 'audio', isMainFrame: true }],
      ['app://mailscreen', { mediaType: 'video', isMainFrame: false }],
      ['https://evil.example', { mediaType: 'video', isMainFrame: true }],
    ] as const) {
      expect(ses.permissionCheckHandler!(kiosk, 'media', origin, details), `${origin} ${JSON.stringify(details)}`).toBe(false);
    }
    for (const permission of PERMISSIONS.filter((p) => p !== 'media')) expect(ses.permissionCheckHandler!(kiosk, permission, 'app://mailscreen', { mediaType: 'video', isMainFrame: true })).toBe(false);
  });

  it('cancels the HID, serial and USB device choosers', async () => {
    await startHost();
    const ses = fakes.session.defaultSession;
    const hid = vi.fn();
    const serial = vi.fn();
    const usb = vi.fn();
    const event = () => ({ preventDefault: vi.fn() });
    ses.emit('select-hid-device', event(), { deviceList: [{ deviceId: 'x' }] }, hid);
    ses.emit('select-serial-port', event(), [{ portId: 'p' }], {}, serial);
    ses.emit('select-usb-device', event(), { deviceList: [{ deviceId: 'y' }] }, usb);
    expect(hid).toHaveBeenCalledWith();
    expect(serial).toHaveBeenCalledWith('');
    expect(usb).toHaveBeenCalledWith();
  });

  it('cancels network requests that are not to the app origin', async () => {
    await startHost();
    const ses = fakes.session.defaultSession;
    const decide = (url: string): unknown => {
      const callback = vi.fn();
      ses.beforeRequest!({ url }, callback);
      return callback.mock.calls[0]![0];
    };
    expect(decide('app://mailscreen/assets/app.js')).toEqual({ cancel: false });
    expect(decide('https://evil.example/x.js')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('ws://127.0.0.1:8080/')).toEqual({ cancel: true });
    expect(isAllowedRequestUrl('app://other/x')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function navigate(contents: FakeContents, event: string, url: string): boolean {
    const preventDefault = vi.fn();
    contents.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  }

  it('prevents navigation and redirects away from the app origin and allows the app itself', async () => {
    const { win } = await startHost();
    const contents = createdContents(win!);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(contents, event, 'https://evil.example/'), event).toBe(true);
      expect(navigate(contents, event, 'file:///etc/passwd'), event).toBe(true);
      expect(navigate(contents, event, 'app://mailscreen.evil.example/index.html'), event).toBe(true);
      expect(navigate(contents, event, 'app://evil@mailscreen/index.html'), event).toBe(true);
      expect(navigate(contents, event, 'app://mailscreen/index.html'), event).toBe(false);
      expect(navigate(contents, event, 'app://mailscreen/index.html#/items'), event).toBe(false);
    }
  });

  it('denies every new window and every <webview>', async () => {
    const { win } = await startHost();
    const contents = createdContents(win!);
    expect(contents.windowOpenHandler!({ url: 'app://mailscreen/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalled();
  });

  it('swallows blocked shortcuts before they reach the page, outside development', async () => {
    const { win } = await startHost();
    const contents = createdContents(win!);
    const press = (input: Record<string, unknown>): boolean => {
      const preventDefault = vi.fn();
      contents.emit('before-input-event', { preventDefault }, { type: 'keyDown', control: false, meta: false, alt: false, shift: false, ...input });
      return preventDefault.mock.calls.length > 0;
    };
    expect(press({ key: 'F12' })).toBe(true);
    expect(press({ key: 'r', control: true })).toBe(true);
    expect(press({ key: 'a' })).toBe(false);
  });
});

describe('isBlockedShortcut', () => {
  const key = (k: string, mods: { control?: boolean; meta?: boolean; alt?: boolean; shift?: boolean; code?: string } = {}) => ({
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });

  it.each([
    ['Ctrl+R', key('r', { control: true })],
    ['Cmd+R', key('r', { meta: true })],
    ['F5', key('F5')],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true })],
    ['F12', key('F12')],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['F11', key('F11')],
    ['Ctrl+N', key('n', { control: true })],
    ['Ctrl+T', key('t', { control: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl+L', key('l', { control: true })],
    ['Ctrl++', key('+', { control: true, shift: true })],
    ['Ctrl+=', key('=', { control: true })],
    ['Ctrl+-', key('-', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Ctrl+numpad +', key('+', { control: true, code: 'NumpadAdd' })],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
    ['Alt+Right', key('ArrowRight', { alt: true })],
    ['BrowserBack', key('BrowserBack')],
  ])('blocks %s outside development and not in development', (_name, input) => {
    expect(isBlockedShortcut(input, false)).toBe(true);
    expect(isBlockedShortcut(input, true)).toBe(false);
  });

  it.each([
    ['a', key('a')],
    ['Shift+A', key('A', { shift: true })],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Ctrl+C', key('c', { control: true })],
    ['Ctrl+V', key('v', { control: true })],
    ['Ctrl+X', key('x', { control: true })],
    ['Ctrl+A', key('a', { control: true })],
    ['Ctrl+Z', key('z', { control: true })],
    ['ArrowLeft', key('ArrowLeft')],
    ['0', key('0')],
    ['Tab', key('Tab')],
  ])('lets %s through (operators type into forms)', (_name, input) => {
    expect(isBlockedShortcut(input, false)).toBe(false);
  });
});

describe('IPC', () => {
  async function started() {
    const host = await startHost();
    const handler = fakes.ipcHandlers.get(IPC_CALL_CHANNEL);
    expect(handler).toBeDefined();
    const connection = host.endpoint.connections[0]!;
    const call = (event: IpcMainInvokeEvent, command: unknown, args: unknown) => handler!(event, command, args) as Promise<CommandResult<unknown>>;
    return { ...host, connection, call };
  }

  it('passes a call from the kiosk main frame at the app origin to the station connection', async () => {
    const { win, connection, call } = await started();
    const result = await call(invokeEvent(win!.webContents), 'intake.list', { limit: 5 });
    expect(connection.call).toHaveBeenCalledWith('intake.list', { limit: 5 });
    expect(result).toEqual({ ok: true, value: { command: 'intake.list' } });
  });

  it('refuses a call from another WebContents without reaching the station', async () => {
    const { connection, call } = await started();
    const other = new fakes.FakeWebContents();
    expect(await call(invokeEvent(other), 'station.info', {})).toEqual(FORBIDDEN_SENDER);
    expect(connection.call).not.toHaveBeenCalled();
  });

  it('refuses a call from a subframe of the kiosk window', async () => {
    const { win, connection, call } = await started();
    const subframe = { url: 'app://mailscreen/index.html' };
    expect(await call(invokeEvent(win!.webContents, subframe), 'station.info', {})).toEqual(FORBIDDEN_SENDER);
    expect(await call(invokeEvent(win!.webContents, null), 'station.info', {})).toEqual(FORBIDDEN_SENDER);
    expect(connection.call).not.toHaveBeenCalled();
  });

  it('refuses a call from the main frame once it shows a foreign origin', async () => {
    const { win, connection, call } = await started();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://mailscreen.evil/index.html', 'app://evil/index.html']) {
      win!.webContents.mainFrame.url = url;
      const result = await call(invokeEvent(win!.webContents), 'station.info', {});
      expect(result, url).toEqual(FORBIDDEN_SENDER);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
    }
    expect(connection.call).not.toHaveBeenCalled();
  });

  it('refuses every call once the window is destroyed', async () => {
    const { win, connection, call } = await started();
    win!.destroyed = true;
    expect(await call(invokeEvent(win!.webContents), 'station.info', {})).toEqual(FORBIDDEN_SENDER);
    expect(connection.call).not.toHaveBeenCalled();
  });

  it('forwards station events to the kiosk window on the event channel', async () => {
    const { win, connection } = await started();
    connection.emit('session.changed', { operator: null });
    expect(win!.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'session.changed', { operator: null });
  });

  it('removes its handler and closes the connection on dispose', () => {
    const win = new fakes.FakeBrowserWindow({});
    const endpoint = fakeEndpoint();
    const ipc = installIpc(fakes.ipcMain, win as unknown as BrowserWindow, endpoint);
    ipc.dispose();
    expect(fakes.ipcHandlers.has(IPC_CALL_CHANNEL)).toBe(false);
    expect(endpoint.connections[0]!.closed).toBe(true);
  });
});

describe('the app:// protocol handler', () => {
  let base: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'mailscreen-app-'));
    root = path.join(base, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Mailscreen</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    handler = createAppRequestHandler(root);
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('serves the built renderer with the CSP header and the right content type', async () => {
    const page = await handler(new Request('app://mailscreen/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('Mailscreen');
    const script = await handler(new Request('app://mailscreen/assets/app.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    'app://mailscreen/../../etc/passwd',
    'app://mailscreen/..%2F..%2Fsecret.txt',
    'app://mailscreen/%2e%2e/secret.txt',
    'app://mailscreen/assets/..%2f..%2f..%2fsecret.txt',
    'app://mailscreen/..%5csecret.txt',
    'app://mailscreen/assets/link.txt',
    'app://mailscreen/assets',
    'app://mailscreen/missing.js',
    'app://evil/index.html',
    'app://mailscreen/index.html%00.js',
  ])('answers 404 for %s', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler(new Request('app://mailscreen/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('resolves paths by path.relative, not by prefix', () => {
    expect(resolveAppPath('/srv/renderer', 'app://mailscreen/index.html')).toBe(path.resolve('/srv/renderer/index.html'));
    expect(resolveAppPath('/srv/renderer', 'app://mailscreen/')).toBe(path.resolve('/srv/renderer/index.html'));
    expect(resolveAppPath('/srv/renderer', 'app://mailscreen/..%2Frenderer-evil%2Fx.js')).toBeNull();
    expect(resolveAppPath('/srv/renderer', 'https://mailscreen/index.html')).toBeNull();
  });
});

describe('the preload', () => {
  async function loadPreload() {
    vi.resetModules();
    await import('../../src/main/hosts/electron/preload.ts');
    expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const bridge = fakes.exposed.get(BRIDGE_GLOBAL) as Record<string, unknown>;
    expect(bridge).toBeDefined();
    return bridge;
  }

  it('exposes exactly one method per contract command, plus subscribe, and never ipcRenderer', async () => {
    const bridge = await loadPreload();
    expect(Object.keys(bridge).sort()).toEqual([...COMMAND_NAMES, 'subscribe'].sort());
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(fakes.ipcRenderer);
    }
    expect(Object.values(bridge)).not.toContain(fakes.ipcRenderer.invoke);
  });

  it('invokes the call channel with the command name and its arguments', async () => {
    const bridge = await loadPreload();
    const scan = bridge['intake.scan'] as (args: unknown) => Promise<unknown>;
    await scan({ code: 'RR123' });
    expect(fakes.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'intake.scan', { code: 'RR123' });
  });

  it('gives subscribers the payload only, never the IPC event, and unsubscribes exactly that listener', async () => {
    const bridge = await loadPreload();
    const subscribe = bridge['subscribe'] as (event: string, cb: (...args: unknown[]) => void) => () => void;
    const first = vi.fn();
    const second = vi.fn();
    const ipcEvent = { sender: fakes.ipcRenderer, senderId: 0, ports: [] };

    const unsubscribeFirst = subscribe('session.changed', first);
    const unsubscribeSecond = subscribe('session.changed', second);
    fakes.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'session.changed', { operator: null });
    fakes.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'device.status', { id: 'scanner' });

    expect(first).toHaveBeenCalledTimes(1);
    expect(first.mock.calls[0]).toEqual([{ operator: null }]);
    for (const arg of first.mock.calls.flat()) expect(arg).not.toBe(ipcEvent);

    unsubscribeFirst();
    fakes.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'session.changed', { operator: null });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    expect(fakes.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);

    unsubscribeSecond();
    expect(fakes.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it("reports a subscriber that throws through the bridge's log, and still gives the event to the others", async () => {
    const { createBridge } = await import('../../src/main/hosts/electron/bridge.ts');
    const errors: Array<{ message: string; cause: unknown }> = [];
    const bridge = createBridge(fakes.ipcRenderer as never, { error: (message, cause) => errors.push({ message, cause }) }) as unknown as Record<string, unknown>;
    const subscribe = bridge['subscribe'] as (event: string, cb: (...args: unknown[]) => void) => () => void;
    const after = vi.fn();
    const unsubscribeBroken = subscribe('session.changed', () => {
      throw new Error('screen bug');
    });
    const unsubscribeAfter = subscribe('session.changed', after);
    fakes.ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender: fakes.ipcRenderer, senderId: 0, ports: [] }, 'session.changed', { operator: null });
    expect(after).toHaveBeenCalledWith({ operator: null });
    expect(errors).toEqual([{ message: 'a session.changed subscriber threw', cause: new Error('screen bug') }]);
    unsubscribeBroken();
    unsubscribeAfter();
  });

  it('refuses to subscribe to an event that is not in the contract', async () => {
    const bridge = await loadPreload();
    const subscribe = bridge['subscribe'] as (event: string, cb: () => void) => () => void;
    expect(() => subscribe('station:call', () => {})).toThrow(TypeError);
    for (const event of EVENT_NAMES) subscribe(event, () => {})();
  });
});
