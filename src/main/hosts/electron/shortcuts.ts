/** The parts of Electron's `Input` (before-input-event) that decide whether a key is a shortcut. */
export interface KeyInput {
  readonly key: string;
  readonly code?: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

// Function and browser keys that reload, go fullscreen/windowed, open devtools, search, move focus
// to an address bar or turn on caret browsing. The kiosk uses none of them.
const BLOCKED_KEYS = new Set([
  'f3',
  'f5',
  'f6',
  'f7',
  'f11',
  'f12',
  'browserback',
  'browserforward',
  'browserrefresh',
  'browserhome',
  'browsersearch',
  'browserstop',
  'browserfavorites',
]);

// With Ctrl (Cmd on macOS), alone or with Shift: reload, close, quit, new window/tab, print, open,
// save, view source, history, address bar, find, minimize/hide. Copy, paste, cut, undo and
// select-all stay: operators type into forms.
const BLOCKED_WITH_MOD = new Set(['r', 'w', 'q', 'n', 't', 'p', 'o', 's', 'u', 'h', 'l', 'd', 'g', 'f', 'm', 'e', 'k', 'j']);

// With Ctrl+Shift only: devtools (I, J, C = inspect element), and Ctrl+Shift+Delete (clear data).
const BLOCKED_WITH_MOD_SHIFT = new Set(['i', 'j', 'c', 'delete', 'b']);

// Page zoom: Ctrl with +, =, -, _ or 0, on the main keys or the keypad.
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);
const ZOOM_CODES = new Set(['NumpadAdd', 'NumpadSubtract', 'Numpad0', 'Equal', 'Minus', 'Digit0']);

// With Alt: Alt+F4 closes the window, Alt+Left/Right/Home navigate history.
const BLOCKED_WITH_ALT = new Set(['f4', 'arrowleft', 'arrowright', 'home']);

/**
 * Whether a key combination must be swallowed before it reaches the page or Chromium's built-in
 * accelerators: everything that would leave the kiosk, reload or navigate it, or open tools.
 * In development nothing is blocked, so a developer keeps reload and devtools.
 */
export function isBlockedShortcut(input: KeyInput, dev: boolean): boolean {
  if (dev) return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;

  if (BLOCKED_KEYS.has(key)) return true;
  if (input.alt && BLOCKED_WITH_ALT.has(key)) return true;
  if (mod && (ZOOM_KEYS.has(key) || (input.code !== undefined && ZOOM_CODES.has(input.code)))) return true;
  if (mod && BLOCKED_WITH_MOD.has(key)) return true;
  if (mod && input.shift && BLOCKED_WITH_MOD_SHIFT.has(key)) return true;
  return false;
}
