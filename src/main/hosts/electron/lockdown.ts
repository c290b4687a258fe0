import type { Event, Session, WebContents } from 'electron';
import { isAppUrl } from './origin.ts';
import { isBlockedShortcut } from './shortcuts.ts';

type NavigationEvent = Pick<Event<{ url: string }>, 'preventDefault' | 'url'>;

/** will-navigate / will-frame-navigate / will-redirect: only the app origin (checklist #13). */
export function denyForeignNavigation(event: NavigationEvent): void {
  if (!isAppUrl(event.url)) event.preventDefault();
}

/**
 * Applied to every WebContents the app creates: no navigation away from the app origin, no new
 * windows (checklist #14), no <webview> (#12), and, outside development, no shortcut that would
 * leave the kiosk, reload it or open devtools.
 */
export function lockDownContents(contents: WebContents, options: { dev: boolean }): void {
  contents.on('will-navigate', denyForeignNavigation);
  contents.on('will-frame-navigate', denyForeignNavigation);
  contents.on('will-redirect', denyForeignNavigation);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, options.dev)) event.preventDefault();
  });
  // Web Bluetooth would otherwise wait for a chooser this app never shows: cancel it.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

/**
 * Hardware lives in the main process; the page gets no permission at all (checklist #5): every
 * request is refused, every check answers false (hid, serial and usb included), device grants are
 * refused and the device choosers are cancelled.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  // The page talks to nothing but its own app:// origin; the CSP says so too, this is the
  // network-level backstop (devtools:// stays reachable for development).
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}

const ALLOWED_REQUEST_PROTOCOLS = new Set(['app:', 'data:', 'blob:', 'devtools:']);

/** Requests the renderer may make: its own origin and in-memory data, never http(s), ws or file. */
export function isAllowedRequestUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:') return isAppUrl(url);
  return ALLOWED_REQUEST_PROTOCOLS.has(parsed.protocol);
}
