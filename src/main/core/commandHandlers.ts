import { StationFailure } from '../../shared/contract/index.ts';
import type { CommandContext, CommandHandlers } from '../commands/index.ts';
import type { Station } from './station.ts';
import { xrayImage } from './xrayImages.ts';
import { dashboardStats } from './dashboard.ts';
import { reportCommandHandlers } from '../reports/index.ts';
import { recordsCommandHandlers } from '../records/index.ts';
import { discoverDevices } from '../../hardware/manager/index.ts';

/** Each contract command mapped to the service that carries it out. */
export function commandHandlers(station: Station): CommandHandlers {
  const me = ({ session }: CommandContext) => station.operatorOf(session);
  /** Commands on one item also make it the station's work in progress, resumed after a lock. */
  const on = (custodyId: string) => {
    station.noteWorkOn(custodyId);
    return custodyId;
  };
  const demo = () => {
    if (!station.demo) throw new StationFailure('INVALID_STATE', 'This station is running real devices; the simulators exist only in demo mode.');
    return station.demo;
  };
  const sops = () => station.protocols;
  const labels = () => {
    if (!station.labels) throw new StationFailure('UNAVAILABLE', 'Labels are not available at this station (no print queue).');
    return station.labels;
  };
  const devices = () => {
    if (!station.deviceSupervisor) throw new StationFailure('UNAVAILABLE', 'This station runs without a device manager.');
    return station.deviceSupervisor;
  };
  /** A step that checks a second person's PIN: one PIN check at a time per screen, as for a login. */
  const secondPin = <T>({ session }: CommandContext, carriesPin: boolean, step: () => Promise<T>): Promise<T> =>
    carriesPin ? session.checkingPin(step) : step();
  const detail = (value: ReturnType<Station['screening']['detail']>) => ({ detail: value });
  const incident = (value: ReturnType<Station['incidents']['view']>) => ({ incident: value });

  return {
    ...reportCommandHandlers(station.reports, me),
    ...recordsCommandHandlers(station.records, (session) => station.actorOf(session)),
    'station.info': () => station.info(),
    'session.setup': ({ badge, name, pin }, { session }) =>
      session.checkingPin(async () => {
        const operator = await station.operators.setupFirstAdmin({ badge, name, pin });
        station.logIn(session, operator);
        return { operator };
      }),
    'session.login': ({ badge, pin }, { session }) =>
      session.checkingPin(async () => {
        const operator = await station.operators.logIn(badge, pin);
        station.logIn(session, operator);
        return { operator, resumeCustodyId: station.workInProgress() };
      }),
    'session.current': (_args, { session }) => ({
      operator: session.operator,
      resumeCustodyId: session.operator ? station.workInProgress() : null,
    }),
    'session.logout': (_args, { session }) => {
      station.logOut(session, 'operator');
      return { ok: true as const };
    },
    'session.touch': () => ({ ok: true as const }),
    'intake.scan': ({ code, symbology }, { session }) => {
      const outcome = station.intake.scan({ code, symbology: symbology ?? null, actor: station.actorOf(session), source: 'keyboard' });
      on(outcome.item.custodyId);
      return outcome;
    },
    'intake.list': ({ limit }) => ({ items: station.intake.openItems(limit ?? 200) }),
    'disk.status': () => station.disk.status(),
    'device.list': () => ({ devices: station.devices.list() }),
    'demo.injectScan': async ({ code }) => {
      await demo().scan(code);
      return { ok: true as const };
    },
    'demo.scale': ({ grams }) => {
      demo().scale(grams);
      return { ok: true as const };
    },
    'demo.cabinet': (change) => {
      demo().cabinet(change);
      return { ok: true as const };
    },
    'demo.printer': (change) => {
      demo().printer(change);
      return { ok: true as const };
    },
    'demo.plug': async ({ deviceId, plugged }) => {
      await demo().setPlugged(deviceId, plugged);
      return { ok: true as const };
    },
    'device.live': () => ({ scales: station.scales.all(), cabinets: [...station.cabinets.values()] }),
    'device.discover': async () => {
      const found = await discoverDevices();
      return {
        candidates: [
          ...found.serial.map((c) => ({ kind: c.kind, path: c.path, vendorId: c.vendorId, productId: c.productId, manufacturer: c.manufacturer, description: c.serialNumber, role: null })),
          ...found.hid.map((c) => ({ kind: c.kind, path: c.path, vendorId: c.vendorId, productId: c.productId, manufacturer: c.manufacturer, description: c.product, role: c.role })),
        ],
        errors: found.errors,
      };
    },
    'device.config': () => {
      const supervisor = devices();
      return { devices: JSON.parse(JSON.stringify(supervisor.config)) as Record<string, Array<Record<string, unknown>>>, simulated: supervisor.simulated, configFile: supervisor.configFile };
    },
    'device.configure': async ({ devices: next }, ctx) => {
      const saved = await devices().reconfigure(next, me(ctx));
      return { devices: JSON.parse(JSON.stringify(saved)) as Record<string, Array<Record<string, unknown>>> };
    },
    'label.preview': ({ custodyId, template, size, draft }, ctx) => ({
      layout: labels().preview(custodyId, template, size, draft ? { draftFor: { operatorId: me(ctx).id, at: station.workflow.nowIso() } } : {}),
    }),
    'label.print': ({ custodyId, template, size, reprint }, ctx) => ({ job: labels().print(on(custodyId), template, size, me(ctx), { reprint: reprint ?? false }) }),
    'dashboard.stats': ({ from, to }) => dashboardStats(station.store.db, station.deviceHealth, from, to, station.workflow.now()),
    'print.list': ({ limit }) => ({ jobs: station.printQueue?.list(limit ?? 50) ?? [] }),
    'print.reprint': ({ jobId }, ctx) => {
      if (!station.printQueue) throw new StationFailure('UNAVAILABLE', 'No label printer is configured at this station.');
      return { job: station.printQueue.reprint(jobId, station.actorOf(ctx.session)) };
    },
    'sop.status': () => {
      const status = sops().status();
      return { loadedAt: status.loadedAt, protocols: status.protocols.map((p) => ({ ...p, agenciesWithoutContact: [...p.agenciesWithoutContact] })), errors: [...status.errors] };
    },
    'sop.reload': () => ({ errors: [...sops().reload().errors] }),
    'xray.image': ({ custodyId, scanId }) => xrayImage(station.workflow, custodyId, scanId),

    'operator.create': async (input, ctx) => ({ operator: await station.operators.create(me(ctx), input) }),
    'operator.list': () => ({ operators: station.operators.list() }),
    'operator.unlock': ({ operatorId }, ctx) => {
      station.operators.unlock(me(ctx), operatorId);
      return { ok: true as const };
    },
    'training.record': (input, ctx) => ({ record: station.operators.recordTraining(me(ctx), { ...input, trainer: input.trainer ?? null }) }),
    'site.settings': () => ({ settings: station.workflow.settings.read(), policy: station.workflow.policy }),
    'site.update': (changes, ctx) => {
      const w = station.workflow;
      w.store.transaction(() => {
        w.settings.write(changes);
        w.store.audit.append({ actor: w.actor(me(ctx)), kind: 'site.settingsChanged', subjectType: 'station', subjectId: w.store.stationId, mode: w.mode, payload: { ...changes } });
      });
      // A new disk warning line applies now, not at the next timed check.
      if (changes.diskWarningGigabytes !== undefined) station.disk.check();
      return { settings: w.settings.read() };
    },

    'item.get': ({ custodyId }) => detail(station.screening.detail(on(custodyId))),
    'item.history': ({ custodyId }) => {
      station.workflow.item(custodyId);
      const names = new Map<string, string | null>();
      const nameOf = (actor: string) => {
        if (!names.has(actor)) names.set(actor, actor.startsWith('operator:') ? (station.store.operators.byId(actor.slice('operator:'.length))?.name ?? null) : null);
        return names.get(actor)!;
      };
      return { events: station.store.audit.eventsFor('item', custodyId).map((e) => ({ ...e, actorName: nameOf(e.actor) })) };
    },
    'item.setDetails': ({ custodyId, ...input }, ctx) => detail(station.screening.setDetails(on(custodyId), me(ctx), input)),
    'item.captureWeight': ({ custodyId, deviceId }, ctx) => detail(station.screening.captureWeight(on(custodyId), me(ctx), deviceId)),
    'item.enterWeight': ({ custodyId, grams, reason }, ctx) => detail(station.screening.enterWeight(on(custodyId), me(ctx), grams, reason)),
    'item.skipStep': ({ custodyId, step, reason }, ctx) => detail(station.screening.skipStep(on(custodyId), me(ctx), step, reason)),
    'item.inspect': ({ custodyId, indicators, notes }, ctx) => detail(station.screening.inspect(on(custodyId), me(ctx), indicators, notes)),
    'item.markSuspect': ({ custodyId, incidentType, reason, indicators }, ctx) =>
      station.screening.markSuspect(on(custodyId), me(ctx), incidentType, reason, indicators),
    'xray.requestScan': async ({ custodyId, deviceId }, ctx) => detail(await station.screening.requestXray(on(custodyId), me(ctx), deviceId)),
    'xray.recordVerdict': ({ custodyId, verdict, findings, notes, incidentType }, ctx) =>
      detail(station.screening.recordXray(on(custodyId), me(ctx), verdict, findings, notes, incidentType)),
    'xray.secondReview': ({ custodyId, verdict, notes, incidentType }, ctx) =>
      detail(station.screening.secondReview(on(custodyId), me(ctx), verdict, notes, incidentType)),
    'item.clear': ({ custodyId }, ctx) => detail(station.screening.clear(on(custodyId), me(ctx))),
    'item.deliver': ({ custodyId, recipient }, ctx) => detail(station.screening.deliver(on(custodyId), me(ctx), recipient)),
    'item.return': ({ custodyId, reason }, ctx) => detail(station.screening.returnItem(on(custodyId), me(ctx), reason)),

    'incident.list': ({ includeClosed }) => ({ incidents: station.incidents.list(includeClosed) }),
    'incident.get': ({ incidentId }) => incident(station.incidents.view(incidentId)),
    'incident.acknowledgeStep': async ({ incidentId, stepId, note, secondOperator }, ctx) =>
      incident(await secondPin(ctx, secondOperator != null, () => station.incidents.acknowledgeStep(incidentId, me(ctx), stepId, note, secondOperator))),
    'incident.addPerson': ({ incidentId, ...person }, ctx) => incident(station.incidents.addPerson(incidentId, me(ctx), person)),
    'incident.addNotification': ({ incidentId, ...n }, ctx) => incident(station.incidents.addNotification(incidentId, me(ctx), n)),
    'incident.addWitnessStatement': ({ incidentId, ...w }, ctx) => incident(station.incidents.addWitnessStatement(incidentId, me(ctx), w)),
    'incident.recordResponders': ({ incidentId, ...r }, ctx) => incident(station.incidents.recordResponders(incidentId, me(ctx), r)),
    'incident.recordDetails': ({ incidentId, details }, ctx) => incident(station.incidents.recordDetails(incidentId, me(ctx), details)),
    'incident.setOutcome': ({ incidentId, outcome, labReference, correctiveActions }, ctx) =>
      incident(station.incidents.setOutcome(incidentId, me(ctx), outcome, labReference, correctiveActions)),
    'incident.close': async ({ incidentId, secondOperator }, ctx) => incident(await secondPin(ctx, true, () => station.incidents.close(incidentId, me(ctx), secondOperator))),

    'custody.quarantine': ({ custodyId, location, sealNumbers, reason }, ctx) => detail(station.custody.quarantine(on(custodyId), me(ctx), location, sealNumbers, reason)),
    'custody.transfer': async ({ custodyId, receivedBy, reason, sealNumbers, sealIntact }, ctx) =>
      detail(await secondPin(ctx, receivedBy.kind === 'operator', () => station.custody.transfer(on(custodyId), me(ctx), receivedBy, reason, sealNumbers, sealIntact))),
    'custody.release': async ({ custodyId, reason, secondOperator, sealIntact }, ctx) =>
      detail(await secondPin(ctx, true, () => station.custody.release(on(custodyId), me(ctx), reason, secondOperator, sealIntact))),
    'custody.destroy': async ({ custodyId, reason, secondOperator }, ctx) =>
      detail(await secondPin(ctx, true, () => station.custody.destroy(on(custodyId), me(ctx), reason, secondOperator))),
    'drill.start': ({ scenario, description }, ctx) => {
      const started = station.incidents.startDrill(me(ctx), scenario, description);
      on(started.detail.item.custodyId);
      return started;
    },
  };
}
