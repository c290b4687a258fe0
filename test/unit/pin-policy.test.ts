import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minPinLength, pinProblem } from '../../src/shared/domain/index.ts';

const screener = (badge = 'SCR-ANA') => ({ role: 'screener' as const, badge });
const admin = (badge = 'ADM-ANA') => ({ role: 'admin' as const, badge });

describe('PIN policy', () => {
  it('refuses one digit repeated, at any length and for every role', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 4, max: 12 }), fc.constantFrom('screener' as const, 'coordinator' as const, 'admin' as const), (digit, length, role) => {
        expect(pinProblem(String(digit).repeat(length), { role, badge: 'X-1' })).toMatch(/repeated|digits/);
      }),
    );
  });

  it('refuses runs up or down by one, wrapping past 9 and 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 4, max: 12 }), fc.constantFrom(1, -1), (start, length, step) => {
        const pin = Array.from({ length }, (_, i) => String((start + step * i + 100) % 10)).join('');
        expect(pinProblem(pin, screener())).toMatch(/counts up or down/);
      }),
    );
    for (const pin of ['1234', '987654', '7890', '8901', '3210', '1098', '0123456789']) expect(pinProblem(pin, screener()), pin).toMatch(/counts up or down/);
  });

  it('refuses the badge code and any part of the digits printed on it', () => {
    expect(pinProblem('40417', screener('40417'))).toMatch(/badge/);
    expect(pinProblem('2041', screener('B-20417'))).toMatch(/badge/);
    expect(pinProblem('0417', screener('B-20417'))).toMatch(/badge/);
    expect(pinProblem('520417', admin('EMP 5-20417'))).toMatch(/badge/);
    expect(pinProblem('5179', screener('B-20417'))).toBeNull();
  });

  it('coordinators and admins need 6 digits, screeners 4', () => {
    expect(minPinLength('screener')).toBe(4);
    expect(minPinLength('coordinator')).toBe(6);
    expect(minPinLength('admin')).toBe(6);
    expect(pinProblem('5179', screener())).toBeNull();
    expect(pinProblem('5179', admin())).toMatch(/admin's PIN is 6 to 12 digits/);
    expect(pinProblem('51794', { role: 'coordinator', badge: 'C-1' })).toMatch(/coordinator's PIN is 6 to 12 digits/);
    expect(pinProblem('739154', admin())).toBeNull();
    expect(pinProblem('12a4', screener())).toMatch(/digits only/);
  });

  it('accepts the PINs the end-to-end roster uses', () => {
    for (const pin of ['135790', '246810', '112233', '739154']) expect(pinProblem(pin, admin('ADMIN-0001')), pin).toBeNull();
    for (const pin of ['2468', '5179']) expect(pinProblem(pin, screener('SCREEN-0003')), pin).toBeNull();
  });

  it('a refused PIN is never one that mixes digits irregularly (no false refusals of ordinary PINs)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 12 }), (digits) => {
        const pin = digits.join('');
        const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
        // Two different steps between digits: neither repeated nor a run.
        if (steps.size > 1) expect(pinProblem(pin, admin('NO-DIGITS'))).toBeNull();
      }),
    );
  });
});
