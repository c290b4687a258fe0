// Operators managed by the admin (issue 12, point 9): deactivate and reactivate, role change, PIN
// reset that must be changed at the next login, one's own PIN change; always one active admin,
// also under parallel requests; and a duplicate badge said in words (point 12).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { verifyStore } from '../../src/main/store/index.ts';
import type { CommandName, CommandRequest, CommandResponse, CommandResult, Operator } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';
import { DEFAULT_OPERATOR_POLICY, OperatorService } from '../../src/main/core/operatorService.ts';

/** PIN hashing held open until `release()`, as a busy machine may hold it; `started` resolves when a hash has begun. */
function heldHashing(): { pins: PinChecker; started: Promise<void>; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let hashing = () => {};
  const started = new Promise<void>((resolve) => (hashing = resolve));
  const pins: PinChecker = {
    matches: pinMatches,
    hash: async (pin) => {
      const result = await hashPin(pin);
      hashing();
      await held;
      return result;
    },
  };
  return { pins, started, release };
}
import { hashPin, pinMatches, type PinChecker } from '../../src/main/core/pin.ts';
import { applyRosterChange } from '../../src/main/site/index.ts';

let station: Station | undefined;
afterEach(() => station?.close());

const ADMIN_PIN = '2468';

/** A command on a screen, its answer typed by the contract (the connection itself is untyped). */
function call<N extends CommandName>(screen: StationConnection, name: N, args: CommandRequest<N>): Promise<CommandResult<CommandResponse<N>>> {
  return screen.call(name, args) as Promise<CommandResult<CommandResponse<N>>>;
}

function value<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refusal(result: CommandResult<unknown>): { code: string; message: string } {
  if (result.ok) throw new Error('expected a refusal, the command was done');
  return result.error;
}

async function screenOf(s: Station, operator: Operator, pin = ADMIN_PIN): Promise<StationConnection> {
  const screen = s.connect();
  const login = value(await call(screen, 'session.login', { badge: operator.badge, pin }));
  expect(login.pinChangeRequired).toBe(false);
  return screen;
}

function kindsFor(s: Station, operatorId: string): string[] {
  return s.store.audit.eventsFor('operator', operatorId).map((e) => e.kind);
}

async function loggedInAs(screen: StationConnection): Promise<Operator | null> {
  return value(await call(screen, 'session.current', {})).operator;
}

describe('there is always at least one active admin', () => {
  it('the last active admin can be neither demoted nor deactivated, and says what to do instead', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const other = await addOperator(station, 'admin', 'ADM-2');
    const screen = await screenOf(station, admin);
    // Two admins: one can be deactivated.
    value(await call(screen, 'operator.deactivate', { operatorId: other.id }));
    // Now admin is the last one: demoting themself is refused, with the way out in the message.
    const demoted = refusal(await call(screen, 'operator.changeRole', { operatorId: admin.id, role: 'coordinator' }));
    expect(demoted.code).toBe('CONFLICT');
    expect(demoted.message).toBe('Test admin is the last active admin at this station, so making them a coordinator would leave nobody to manage it. Make another operator an admin first.');
    // Deactivating oneself is refused whatever the count.
    expect(refusal(await call(screen, 'operator.deactivate', { operatorId: admin.id })).message).toMatch(/cannot deactivate your own badge/);
    expect(station.store.operators.activeAdmins()).toBe(1);
    // A deactivated admin does not count: reactivated, they do, and the first can step down.
    value(await call(screen, 'operator.reactivate', { operatorId: other.id }));
    expect(value(await call(screen, 'operator.changeRole', { operatorId: admin.id, role: 'coordinator' })).operator.role).toBe('coordinator');
    expect(station.store.operators.activeAdmins()).toBe(1);
  });

  it('two admins demoting or deactivating each other at the same moment: one is done, the other refused, one admin is left', async () => {
    for (const command of ['operator.deactivate', 'operator.changeRole'] as const) {
      station?.close();
      station = makeStation();
      const a = await addOperator(station, 'admin', 'ADM-A');
      const b = await addOperator(station, 'admin', 'ADM-B');
      const screenA = await screenOf(station, a);
      const screenB = await screenOf(station, b);
      const args = (operatorId: string) => (command === 'operator.deactivate' ? { operatorId } : { operatorId, role: 'screener' as const });
      const results = await Promise.all([call(screenA, command, args(b.id)), call(screenB, command, args(a.id))]);
      expect(results.filter((r) => r.ok), command).toHaveLength(1);
      expect(station.store.operators.activeAdmins(), command).toBe(1);
      const changes = [...kindsFor(station, a.id), ...kindsFor(station, b.id)].filter((k) => k === 'operator.deactivated' || k === 'operator.roleChanged');
      expect(changes, command).toHaveLength(1);
    }
  });

  it('an admin deactivated while their PIN reset was being hashed does not finish it', async () => {
    station = makeStation();
    const a = await addOperator(station, 'admin', 'ADM-A');
    const b = await addOperator(station, 'admin', 'ADM-B');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screenA = await screenOf(station, a);
    const screenB = await screenOf(station, b);
    // A's reset hashes its PIN, held open until B's deactivation of A is done, as a busy machine may hold it.
    const { pins, started, release } = heldHashing();
    const service = new OperatorService(station.store, station.workflow.training, 'live', DEFAULT_OPERATOR_POLICY, () => new Date(), pins);
    const reset = service.resetPin(a, screener.id, '5179').catch((e: unknown) => e);
    await started;
    value(await call(screenB, 'operator.deactivate', { operatorId: a.id }));
    release();
    expect(await reset).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Only an active admin manages operators/) });
    expect(kindsFor(station, screener.id)).not.toContain('operator.pinReset');
    // A's screen was locked by the deactivation.
    expect(await loggedInAs(screenA)).toBeNull();
  });

  it('a coordinator or screener manages no operator', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator', 'CO-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = await screenOf(station, coordinator);
    for (const [command, args] of [
      ['operator.deactivate', { operatorId: screener.id }],
      ['operator.changeRole', { operatorId: screener.id, role: 'admin' }],
      ['operator.resetPin', { operatorId: screener.id, pin: '5179' }],
    ] as const) {
      expect(refusal(await call(screen, command, args)).code, command).toBe('FORBIDDEN');
    }
  });
});

describe('a reset PIN must be changed at the next login, and main enforces it', () => {
  it('the reset ends open sessions; the login with it opens nothing but the PIN change; the change logs in', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const adminScreen = await screenOf(station, admin);
    const screenerScreen = await screenOf(station, screener);
    value(await call(adminScreen, 'operator.resetPin', { operatorId: screener.id, pin: '5179' }));
    expect(await loggedInAs(screenerScreen)).toBeNull();
    expect(kindsFor(station, screener.id)).toEqual(expect.arrayContaining(['operator.pinReset', 'operator.loggedOut']));

    // The old PIN no longer works; the reset one is accepted, but no session opens on it.
    expect(refusal(await call(screenerScreen, 'session.login', { badge: screener.badge, pin: ADMIN_PIN })).code).toBe('NOT_AUTHENTICATED');
    const login = value(await call(screenerScreen, 'session.login', { badge: screener.badge, pin: '5179' }));
    expect(login).toMatchObject({ pinChangeRequired: true, resumeCustodyId: null, operator: { id: screener.id } });
    expect(await loggedInAs(screenerScreen)).toBeNull();
    expect(refusal(await call(screenerScreen, 'intake.scan', { code: 'PKG-1' })).code).toBe('NOT_AUTHENTICATED');
    expect(refusal(await call(screenerScreen, 'intake.list', {})).code).toBe('NOT_AUTHENTICATED');
    // Hardware scans go to a logged-in screen: the admin's, never the one waiting for a new PIN.
    expect(station.sessions.working()?.operator?.id).toBe(admin.id);

    // A reset PIN is the admin's too: it signs nothing as a second person.
    const second = await station.operators.secondPerson(screener.badge, '5179', admin, 'custody.release').catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/PIN was reset by an admin: they log in once to choose a new PIN/) });

    // The new PIN follows the one PIN rule, and is not the reset one.
    expect(refusal(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: '5179', newPin: '1234' })).message).toMatch(/counts up or down/);
    expect(refusal(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: '5179', newPin: '5179' })).message).toMatch(/same as the current one/);
    expect(refusal(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: '9731', newPin: '8642' })).code).toBe('NOT_AUTHENTICATED');
    expect(await loggedInAs(screenerScreen)).toBeNull();

    const changed = value(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: '5179', newPin: '8642' }));
    expect(changed.operator.id).toBe(screener.id);
    expect((await loggedInAs(screenerScreen))?.id).toBe(screener.id);
    expect(value(await call(screenerScreen, 'intake.scan', { code: 'PKG-1' })).created).toBe(true);
    expect(kindsFor(station, screener.id)).toContain('operator.pinChanged');

    // The next login needs no change.
    value(await call(screenerScreen, 'session.logout', {}));
    expect(value(await call(screenerScreen, 'session.login', { badge: screener.badge, pin: '8642' })).pinChangeRequired).toBe(false);
    expect(verifyStore(station.store.db).problems).toEqual([]);
  });

  it('an old PIN being checked while an admin resets it opens nothing, although it matched the PIN it was checked against', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    // The PIN check is held open until the reset is recorded, as a busy machine may hold it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let checking = () => {};
    const started = new Promise<void>((resolve) => (checking = resolve));
    const pins: PinChecker = {
      hash: hashPin,
      matches: async (pin, stored) => {
        const result = await pinMatches(pin, stored);
        checking();
        await held;
        return result;
      },
    };
    const service = new OperatorService(station.store, station.workflow.training, 'live', DEFAULT_OPERATOR_POLICY, () => new Date(), pins);
    const login = service.logIn(screener.badge, ADMIN_PIN).catch((e: unknown) => e);
    await started;
    await station.operators.resetPin(admin, screener.id, '5179');
    release();
    expect(await login).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed at this moment/) });
    expect(kindsFor(station, screener.id)).not.toContain('operator.loggedIn');
  });

  it('a reset lifts a lockout; an admin resets no PIN of their own; the reset PIN follows the rule for the role', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const coordinator = await addOperator(station, 'coordinator', 'CO-3917254');
    const screen = await screenOf(station, admin);
    for (let i = 0; i < 6; i += 1) await call(station.connect(), 'session.login', { badge: coordinator.badge, pin: '9731' });
    expect(station.store.operators.byId(coordinator.id)?.lockedUntil).not.toBeNull();
    expect(refusal(await call(screen, 'operator.resetPin', { operatorId: coordinator.id, pin: '5179' })).message).toMatch(/coordinator's PIN is 6 to 12 digits/);
    expect(refusal(await call(screen, 'operator.resetPin', { operatorId: coordinator.id, pin: '917254' })).message).toMatch(/badge or digits printed on it/);
    value(await call(screen, 'operator.resetPin', { operatorId: coordinator.id, pin: '517930' }));
    expect(station.store.operators.byId(coordinator.id)).toMatchObject({ lockedUntil: null, failedAttempts: 0, mustChangePin: true });
    expect(refusal(await call(screen, 'operator.resetPin', { operatorId: admin.id, pin: '517930' })).message).toMatch(/Change my PIN/);
  });

  it('an operator changes their own PIN with the current one; an admin reset at the same moment is never overwritten', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const screen = station.connect();
    value(await call(screen, 'session.changePin', { badge: screener.badge, pin: ADMIN_PIN, newPin: '8642' }));
    expect((await loggedInAs(screen))?.id).toBe(screener.id);
    const adminScreen = await screenOf(station, admin);
    const [changed, reset] = await Promise.all([
      call(station.connect(), 'session.changePin', { badge: screener.badge, pin: '8642', newPin: '3971' }),
      call(adminScreen, 'operator.resetPin', { operatorId: screener.id, pin: '5179' }),
    ]);
    expect(reset.ok).toBe(true);
    // The change was either done before the reset (which then replaced it) or refused: never
    // written over the reset. Which one depends on the machine's timing; the end state does not.
    if (!changed.ok) expect(changed.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^The PIN of this badge was changed (elsewhere )?at this moment\. Enter the PIN it has now\.$/) });
    expect(station.store.operators.byId(screener.id)?.mustChangePin).toBe(true);
    expect(value(await call(station.connect(), 'session.login', { badge: screener.badge, pin: '5179' })).pinChangeRequired).toBe(true);
    expect(verifyStore(station.store.db).problems).toEqual([]);
  });

  it('a PIN change whose new PIN is being hashed when an admin resets the PIN is refused, and the reset stands', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    // The new PIN's hashing is held open until the reset is recorded, as a busy machine may hold it.
    const { pins, started, release } = heldHashing();
    const service = new OperatorService(station.store, station.workflow.training, 'live', DEFAULT_OPERATOR_POLICY, () => new Date(), pins);
    const change = service.changePin(screener.badge, ADMIN_PIN, '8642').catch((e: unknown) => e);
    await started;
    await station.operators.resetPin(admin, screener.id, '5179');
    release();
    expect(await change).toMatchObject({ code: 'CONFLICT', message: 'The PIN of this badge was changed elsewhere at this moment. Enter the PIN it has now.' });
    expect(kindsFor(station, screener.id)).not.toContain('operator.pinChanged');
    expect(station.store.operators.byId(screener.id)?.mustChangePin).toBe(true);
  });

  it('a promotion to a role with longer PINs asks for a new PIN at the next login, and ends the old role’s sessions', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const adminScreen = await screenOf(station, admin);
    const screenerScreen = await screenOf(station, screener);
    expect(value(await call(adminScreen, 'operator.changeRole', { operatorId: screener.id, role: 'coordinator' })).pinChangeRequired).toBe(true);
    expect(await loggedInAs(screenerScreen)).toBeNull();
    const login = value(await call(screenerScreen, 'session.login', { badge: screener.badge, pin: ADMIN_PIN }));
    expect(login).toMatchObject({ pinChangeRequired: true, operator: { role: 'coordinator' } });
    expect(refusal(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: ADMIN_PIN, newPin: '8642' })).message).toMatch(/coordinator's PIN is 6 to 12 digits/);
    value(await call(screenerScreen, 'session.changePin', { badge: screener.badge, pin: ADMIN_PIN, newPin: '864297' }));
    expect((await loggedInAs(screenerScreen))?.role).toBe('coordinator');
    // A demotion asks for nothing.
    expect(value(await call(adminScreen, 'operator.changeRole', { operatorId: screener.id, role: 'screener' })).pinChangeRequired).toBe(false);
    expect(verifyStore(station.store.db).problems).toEqual([]);
  });
});

describe('a deactivated operator', () => {
  it('cannot log in or sign, their open sessions end, and they can be reactivated', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const adminScreen = await screenOf(station, admin);
    const screenerScreens = [await screenOf(station, screener), await screenOf(station, screener)];
    value(await call(adminScreen, 'operator.deactivate', { operatorId: screener.id }));
    for (const screen of screenerScreens) expect(await loggedInAs(screen)).toBeNull();
    expect(kindsFor(station, screener.id).filter((k) => k === 'operator.loggedOut')).toHaveLength(2);

    // The right PIN gets the words of the brief; a wrong one the words of any wrong PIN.
    const screen = station.connect();
    expect(refusal(await call(screen, 'session.login', { badge: screener.badge, pin: ADMIN_PIN }))).toEqual({ code: 'FORBIDDEN', message: 'This badge is not active at this station. Ask the site admin.' });
    const wrong = refusal(await call(screen, 'session.login', { badge: screener.badge, pin: '9731' }));
    const unknown = refusal(await call(screen, 'session.login', { badge: 'NOBODY-1', pin: '9731' }));
    expect(wrong).toEqual(unknown);
    expect(refusal(await call(screen, 'session.changePin', { badge: screener.badge, pin: ADMIN_PIN, newPin: '8642' })).message).toBe('This badge is not active at this station. Ask the site admin.');
    await expect(station.operators.secondPerson(screener.badge, ADMIN_PIN, admin, 'custody.release')).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'This badge is not active at this station. Ask the site admin.' });
    expect(await loggedInAs(screen)).toBeNull();

    const listed = value(await call(adminScreen, 'operator.list', {})).operators.find((o) => o.id === screener.id);
    expect(listed).toMatchObject({ active: false, pinToChange: false });
    value(await call(adminScreen, 'operator.reactivate', { operatorId: screener.id }));
    expect(value(await call(screen, 'session.login', { badge: screener.badge, pin: ADMIN_PIN })).pinChangeRequired).toBe(false);
    expect(verifyStore(station.store.db).problems).toEqual([]);
  });

  it('verify catches a deactivated operator made active again, or a PIN to change cleared, behind the station’s back', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    const screener = await addOperator(station, 'screener', 'SCR-1');
    const coordinator = await addOperator(station, 'coordinator', 'CO-1');
    const adminScreen = await screenOf(station, admin);
    value(await call(adminScreen, 'operator.deactivate', { operatorId: screener.id }));
    value(await call(adminScreen, 'operator.resetPin', { operatorId: coordinator.id, pin: '517930' }));
    expect(verifyStore(station.store.db).problems).toEqual([]);
    station.store.db.prepare('UPDATE operators SET active = 1, must_change_pin = 0').run();
    expect(verifyStore(station.store.db).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'operators', key: screener.id, column: 'active', expected: 'false', found: 'true' }),
        expect.objectContaining({ table: 'operators', key: coordinator.id, column: 'pin_to_change', expected: 'true', found: 'false' }),
      ]),
    );
  });
});

describe('a duplicate badge', () => {
  it('is said as whose badge it is, not as a conflict of the moment', async () => {
    station = makeStation();
    const admin = await addOperator(station, 'admin', 'ADM-1');
    await addOperator(station, 'screener', 'SCR-1');
    const screen = await screenOf(station, admin);
    const duplicate = refusal(await call(screen, 'operator.create', { badge: ' SCR-1 ', name: 'Sam New', role: 'screener', pin: '5179' }));
    expect(duplicate).toEqual({ code: 'CONFLICT', message: 'Badge SCR-1 already belongs to Test screener. Each operator has a badge of their own: check the code.' });
  });
});

describe('the station CLI', () => {
  /** `npm run -s cli -- …` with `input` on its standard input, as a pipe. */
  function cli(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../src/main/cli/main.ts'), ...args], { input, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('resets a forgotten PIN from the station itself (new PIN on stdin, to be changed at the next login), and lists the operators', async () => {
    const dbPath = path.join(tempDir(), 'station.sqlite');
    station = makeStation({ dbPath });
    const admin = await addOperator(station, 'admin', 'ADM-1');
    station.close();
    station = undefined;

    // The rule of the role holds here too, and nothing is written when it refuses.
    const trivial = cli(['operator', 'reset-pin', '--badge', admin.badge, '--db', dbPath], '123456\n');
    expect(trivial.status).toBe(2);
    expect(trivial.stderr).toMatch(/counts up or down/);
    expect(cli(['operator', 'reset-pin', '--badge', 'NOBODY-1', '--db', dbPath], '517930\n').stderr).toMatch(/no operator has badge "NOBODY-1"/);
    expect(cli(['operator', 'reset-pin', '--badge', admin.badge, '--db', dbPath], 'abc\n').status).toBe(2);

    const reset = cli(['operator', 'reset-pin', '--badge', admin.badge, '--db', dbPath], '517930\n');
    expect(reset.status, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ reset: true, badge: admin.badge, pinToChange: true });
    const listed = cli(['operator', 'list', '--db', dbPath], '');
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({ badge: admin.badge, role: 'admin', active: true, pinToChange: true });

    station = makeStation({ dbPath });
    const screen = station.connect();
    expect(value(await call(screen, 'session.login', { badge: admin.badge, pin: '517930' })).pinChangeRequired).toBe(true);
    value(await call(screen, 'session.changePin', { badge: admin.badge, pin: '517930', newPin: '864297' }));
    expect((await loggedInAs(screen))?.id).toBe(admin.id);
    const resetEvent = station.store.audit.eventsFor('operator', admin.id).find((e) => e.kind === 'operator.pinReset');
    expect(resetEvent).toMatchObject({ actor: expect.stringMatching(/^cli:/), payload: { via: 'cli', pinToChange: true } });
    expect(verifyStore(station.store.db).problems).toEqual([]);
  });

  it('refuses a PIN reset for an operator of the site roster, and names the site command that does it', async () => {
    const dbPath = path.join(tempDir(), 'station.sqlite');
    station = makeStation({ dbPath });
    await addOperator(station, 'admin', 'ADM-1');
    const pin = await hashPin('517930');
    const rostered = { id: 'roster-op-1', badge: 'SCR-9', name: 'Robin Roster', role: 'screener' as const, pinSalt: pin.salt, pinHash: pin.hash, active: true };
    const outcome = applyRosterChange(station.store, { seq: 1, at: new Date().toISOString(), by: 'site_admin', change: 'operator', operator: rostered }, { stationId: 'station-a', mode: 'live', now: () => new Date() });
    expect(outcome).toEqual({ applied: expect.any(Number) });
    const eventsBefore = station.store.audit.eventsFor('operator', rostered.id).length;
    station.close();
    station = undefined;

    const refused = cli(['operator', 'reset-pin', '--badge', 'SCR-9', '--db', dbPath], '517931\n');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/Robin Roster is on the site's roster: .*site roster pin --badge SCR-9 --postgres/);
    station = makeStation({ dbPath });
    expect(station.store.operators.byBadge('SCR-9')).toMatchObject({ mustChangePin: false });
    expect(station.store.audit.eventsFor('operator', rostered.id)).toHaveLength(eventsBefore);
  });
});
