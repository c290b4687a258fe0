/**
 * Where the kiosk's own pages live. The renderer is served from a privileged custom scheme rather
 * than file:// (checklist #18), so "is this ours?" is a question about one scheme and one host.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mailscreen';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for a URL at the app origin. Parsed, never prefix-matched (checklist #13):
 * `app://mailscreen.evil.example/` or `app://mailscreen@evil/` must not pass. The origin is
 * compared by its parts because Node's URL reports "null" as the origin of non-special schemes.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
