/**
 * Development affordances (devtools, reload shortcuts) exist only in an unpackaged app started
 * with MAILSCREEN_DEV=1: a packaged kiosk can never turn them on, whatever its environment says.
 */
export function isDevelopment(app: { readonly isPackaged: boolean }, env: NodeJS.ProcessEnv): boolean {
  return !app.isPackaged && env['MAILSCREEN_DEV'] === '1';
}
