import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/main/core/dispatcher.ts';
import type { CommandHandlers } from '../../src/main/commands/index.ts';
import { COMMAND_NAMES, commands, type Role } from '../../src/shared/contract/index.ts';
import { addOperator, auditCount, makeStation, sessionAs } from '../helpers/station.ts';
import type { Station } from '../../src/main/core/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

function connectionAs(s: Station) {
  return s.connect();
}

describe('dispatcher refusals', () => {
  it('refuses an unknown command, writing nothing', async () => {
    station = makeStation();
    const before = auditCount(station);
    const result = await connectionAs(station).call('intake.destroyEverything', {});
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: expect.stringContaining('intake.destroyEverything') } });
    expect(auditCount(station)).toBe(before);
  });

  it('refuses invalid arguments with the field named, writing nothing', async () => {
    station = makeStation();
    const before = auditCount(station);
    const result = await connectionAs(station).call('session.setup', { badge: 'AB', name: '', pin: '12' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_ARGUMENTS');
    // Named in the screen's words, not the schema's (issue 12): "The badge …", "The PIN …".
    expect(result.error.message).toMatch(/badge/);
    expect(result.error.message).toMatch(/PIN/);
    expect(auditCount(station)).toBe(before);
    expect(station.operators.needsSetup()).toBe(true);
  });

  it('refuses unexpected extra fields (strict requests)', async () => {
    station = makeStation();
    // Arguments are looked at only once the caller is logged in (see the anonymous test below).
    const screener = await addOperator(station, 'screener');
    const connection = connectionAs(station);
    await connection.call('session.login', { badge: screener.badge, pin: '2468' });
    const result = await connection.call('intake.list', { limit: 5, role: 'admin' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_ARGUMENTS');
  });

  it('refuses a command that needs an operator when nobody is logged in, writing nothing', async () => {
    station = makeStation();
    const before = auditCount(station);
    const result = await connectionAs(station).call('intake.scan', { code: '1Z5R89390357567127' });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: expect.any(String) } });
    expect(auditCount(station)).toBe(before);
    expect(station.store.items.open(10)).toHaveLength(0);
  });

  it('answers an anonymous caller NOT_AUTHENTICATED before looking at the arguments, so no argument shape is disclosed', async () => {
    station = makeStation();
    const screen = connectionAs(station);
    const garbage: Array<[string, unknown]> = [
      ['custody.release', { custodyId: 5, secondOperator: 'x', extra: true }],
      ['operator.create', { role: 'god' }],
      ['site.update', []],
      ['device.configure', 'not even an object'],
      ['intake.scan', null],
    ];
    for (const [command, args] of garbage) {
      const result = await screen.call(command, args);
      expect(result, command).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'The station is locked. Log in with your badge and PIN.' } });
    }
    // Public commands are still validated, with the field named (in words).
    expect(await screen.call('session.login', { badge: 'X' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/PIN/) } });
  });

  it('refuses a role the command does not allow, and never runs the handler', async () => {
    const handler = vi.fn();
    const handlers = Object.fromEntries(COMMAND_NAMES.map((n) => [n, handler])) as unknown as CommandHandlers;
    const original = commands['intake.scan'].roles;
    // A contract entry restricted to coordinators, so a screener must be refused.
    const restricted = { ...commands, 'intake.scan': { ...commands['intake.scan'], roles: ['coordinator'] as Role[] } };
    vi.spyOn(commands, 'intake.scan', 'get').mockReturnValue(restricted['intake.scan'] as never);
    try {
      const dispatch = createDispatcher(handlers, { validateResponses: true });
      station = makeStation();
      const screener = await addOperator(station, 'screener');
      const result = await dispatch(sessionAs(screener), 'intake.scan', { code: 'X12345' });
      expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('coordinator') } });
      expect(handler).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
      expect(commands['intake.scan'].roles).toBe(original);
    }
  });

  it('turns a response outside the contract into an INTERNAL error', async () => {
    const handlers = { 'station.info': () => ({ stationId: 42 }) } as unknown as CommandHandlers;
    const dispatch = createDispatcher(handlers, { validateResponses: true });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await dispatch(sessionAs(null), 'station.info', {});
    spy.mockRestore();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
  });

  it('runs an allowed command and returns its validated value', async () => {
    station = makeStation();
    const screener = await addOperator(station, 'screener');
    const connection = station.connect();
    const login = await connection.call('session.login', { badge: screener.badge, pin: '2468' });
    expect(login).toMatchObject({ ok: true, value: { operator: { role: 'screener' } } });
    const scan = await connection.call('intake.scan', { code: '1Z5R89390357567127' });
    expect(scan).toMatchObject({ ok: true, value: { created: true, item: { carrier: 'ups', state: 'RECEIVED' } } });
  });
});
