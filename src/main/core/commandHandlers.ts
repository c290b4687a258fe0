import { StationFailure } from '../../shared/contract/index.ts';
import type { CommandHandlers } from './dispatcher.ts';
import type { Station } from './station.ts';

/** Each contract command mapped to the service that carries it out. */
export function commandHandlers(station: Station): CommandHandlers {
  return {
    'station.info': () => station.info(),
    'session.setup': async ({ badge, name, pin }, { session }) => {
      const operator = await station.operators.setupFirstAdmin({ badge, name, pin });
      station.logIn(session, operator);
      return { operator };
    },
    'session.login': async ({ badge, pin }, { session }) => {
      const operator = await station.operators.logIn(badge, pin);
      station.logIn(session, operator);
      return { operator };
    },
    'session.current': (_args, { session }) => ({ operator: session.operator }),
    'session.logout': (_args, { session }) => {
      station.logOut(session, 'operator');
      return { ok: true as const };
    },
    'intake.scan': ({ code, symbology }, { session }) =>
      station.intake.scan({ code, symbology: symbology ?? null, actor: station.actorOf(session), source: 'keyboard' }),
    'intake.list': ({ limit }) => ({ items: station.intake.openItems(limit ?? 200) }),
    'device.list': () => ({ devices: station.devices.list() }),
    'demo.injectScan': async ({ code }) => {
      const simulator = station.scannerSimulator;
      if (!simulator) {
        throw new StationFailure('INVALID_STATE', 'This station is running real devices; simulated scans exist only in demo mode.');
      }
      await simulator.scan(code);
      return { ok: true as const };
    },
  };
}
