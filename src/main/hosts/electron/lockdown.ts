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

/** What Electron tells a permission request handler of a media request (details.mediaTypes, requestingUrl, isMainFrame). */
interface MediaRequestDetails {
  mediaTypes?: readonly string[];
  requestingUrl?: string;
  isMainFrame?: boolean;
}

/**
 * The one permission the page has: the collection counter's camera (issue 14), video only, asked by
 * the kiosk's own page in its main frame. A request that also asks for the microphone, comes from a
 * frame or another origin, or is any other permission is refused.
 */
export function isCameraForKiosk(contents: Pick<WebContents, 'getURL'> | null, permission: string, details: MediaRequestDetails): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  if (types.length === 0 || types.some((type) => type !== 'video')) return false;
  if (details.isMainFrame !== true || !details.requestingUrl || !isAppUrl(details.requestingUrl)) return false;
  return typeof contents?.getURL === 'function' && isAppUrl(contents.getURL());
}

/** The check that precedes a camera request (enumerating devices, the permission's state): video, for the kiosk's origin, in its main frame. */
export function isCameraCheckForKiosk(permission: string, requestingOrigin: string, details: { mediaType?: string; isMainFrame?: boolean }): boolean {
  return permission === 'media' && details.mediaType === 'video' && details.isMainFrame === true && isAppUrl(requestingOrigin);
}

/**
 * Hardware lives in the main process; the page gets no permission but the counter's camera
 * (checklist #5): every other request is refused, every other check answers false (hid, serial
 * and usb included), device grants are refused and the device choosers are cancelled.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => callback(isCameraForKiosk(contents, permission, details as MediaRequestDetails)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => isCameraCheckForKiosk(permission, requestingOrigin, details));
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
