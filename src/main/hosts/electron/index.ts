// The Electron host's testable surface. main.ts (the entry) and preload.ts (the preload entry)
// are not re-exported: importing them runs them.
export { runElectronHost, type ElectronHostDeps, type HostedStation } from './host.ts';
export { createKioskWindow, reloadWhenRendererGone, type KioskWindowOptions } from './window.ts';
export { createAppRequestHandler, installAppProtocol, registerAppScheme } from './appProtocol.ts';
export { contentTypeFor, isInside, resolveAppPath } from './appPath.ts';
export { FORBIDDEN_SENDER, installIpc, isTrustedSender, type KioskIpc } from './ipc.ts';
export { denyForeignNavigation, isAllowedRequestUrl, lockDownContents, lockDownSession } from './lockdown.ts';
export { isBlockedShortcut, type KeyInput } from './shortcuts.ts';
export { createBridge } from './bridge.ts';
export { isDevelopment } from './devMode.ts';
export { APP_ENTRY_URL, APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl } from './origin.ts';
