import type { ItemDetail } from '../../../shared/contract/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { StationTransfers } from '../custodyBetweenStations.ts';
import type { CustodyService } from '../custodyService.ts';
import type { Sessions } from '../sessions.ts';
import { secondPin } from './secondPin.ts';

export interface CustodyHandlerPorts {
  custody: CustodyService;
  /** Custody between stations: the receiving half. */
  stationTransfers: StationTransfers;
  sessions: Pick<Sessions, 'noteWorkOn'>;
}

const detail = (value: ItemDetail) => ({ detail: value });

/** Quarantine and the recorded custody of a suspect item: transfers (to another station too), release, destruction. */
export function custodyHandlers({ custody, stationTransfers, sessions }: CustodyHandlerPorts): AreaHandlers<'custody'> {
  const on = (custodyId: string) => sessions.noteWorkOn(custodyId);
  return {
    'custody.quarantine': ({ custodyId, location, sealNumbers, reason }, { session }) => detail(custody.quarantine(on(custodyId), operatorOf(session), location, sealNumbers, reason)),
    'custody.transfer': async ({ custodyId, receivedBy, reason, sealNumbers, sealIntact }, ctx) => {
      // An ID not on the kept list: the site is asked first (a station that joined in the last seconds is on its list).
      if (receivedBy.kind === 'station' && receivedBy.unlisted !== true) await stationTransfers.knowStation(receivedBy.station);
      return detail(await secondPin(ctx, receivedBy.kind === 'operator', () => custody.transfer(on(custodyId), operatorOf(ctx.session), receivedBy, reason, sealNumbers, sealIntact)));
    },
    'custody.release': async ({ custodyId, reason, secondOperator, sealIntact }, ctx) =>
      detail(await secondPin(ctx, true, () => custody.release(on(custodyId), operatorOf(ctx.session), reason, secondOperator, sealIntact))),
    'custody.destroy': async ({ custodyId, reason, secondOperator }, ctx) =>
      detail(await secondPin(ctx, true, () => custody.destroy(on(custodyId), operatorOf(ctx.session), reason, secondOperator))),
    'custody.waitingHere': async () => await stationTransfers.waitingHere(),
    'custody.siteStations': async () => await stationTransfers.siteStations(),
    'custody.receiveFromStation': async (request, { session }) => ({ receipt: await stationTransfers.receive(operatorOf(session), request) }),
  };
}
