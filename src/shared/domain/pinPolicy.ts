/**
 * Which PINs the station accepts. One rule, used by main (which enforces it) and by the screens
 * (which show it before the admin presses Save), so both always say the same thing.
 *
 * A PIN is what stands between a stranger with the station's screen and an operator's powers, and
 * wrong guesses are limited (five, then a lockout that backs off). A PIN a stranger would try
 * first therefore defeats the limit; those are refused:
 * - one digit repeated (0000, 999999);
 * - a run up or down by one, wrapping past 9 and 0 (1234, 987654, 7890, 8901, 3210, 1098);
 * - the badge code itself, or any part of the digits printed on the badge (badge B-20417: 2041,
 *   0417, 20417 are all refused), since the badge is carried in plain sight.
 * Coordinators and admins (who can release quarantined items, change the site, add operators)
 * need at least 6 digits; screeners at least 4.
 */

type PinRole = 'screener' | 'coordinator' | 'admin';

export const PIN_MAX_LENGTH = 12;

export function minPinLength(role: PinRole): number {
  return role === 'screener' ? 4 : 6;
}

/** The rule in a sentence, for the hint beside a PIN field. */
export function pinRule(role: PinRole): string {
  return `${minPinLength(role)} to ${PIN_MAX_LENGTH} digits; not one digit repeated, not a run like 1234 or 9876, not the badge's digits.`;
}

function isOneDigitRepeated(pin: string): boolean {
  return /^(\d)\1*$/.test(pin);
}

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i += 1) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

function isFromBadge(pin: string, badge: string): boolean {
  const code = badge.trim();
  if (code !== '' && pin === code) return true;
  const digits = code.replace(/\D/g, '');
  return digits.includes(pin);
}

/**
 * Why this PIN is refused for this operator, in words that say what to choose instead; null when
 * it is acceptable.
 */
export function pinProblem(pin: string, operator: { role: PinRole; badge: string }): string | null {
  const min = minPinLength(operator.role);
  if (!/^\d+$/.test(pin)) return 'A PIN is digits only. Choose another PIN.';
  if (pin.length < min || pin.length > PIN_MAX_LENGTH) {
    const who = operator.role === 'screener' ? 'A screener' : `A${operator.role === 'admin' ? 'n' : ''} ${operator.role}`;
    return `${who}'s PIN is ${min} to ${PIN_MAX_LENGTH} digits. Choose a PIN of at least ${min} digits.`;
  }
  if (isOneDigitRepeated(pin)) return 'A PIN of one digit repeated is the first one a stranger tries. Choose another PIN.';
  if (isRun(pin, 1) || isRun(pin, -1)) return 'A PIN that counts up or down (like 1234 or 9876) is the first one a stranger tries. Choose another PIN.';
  if (isFromBadge(pin, operator.badge)) return 'The PIN must not be the badge or digits printed on it: anyone who sees the badge would try them. Choose another PIN.';
  return null;
}
