import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { CollectionService } from '../collectionService.ts';

export interface CollectionHandlerPorts {
  collection: CollectionService;
}

/** The collection counter: what waits for a person, and its hand-over with proof. */
export function collectionHandlers({ collection }: CollectionHandlerPorts): AreaHandlers<'collection'> {
  return {
    'collection.waiting': (args) => collection.waiting(args),
    'collection.handOver': (args, { session }) => collection.handOver(args, operatorOf(session)),
    'collection.checkIdNumber': (args, { session }) => collection.checkIdNumber(args, operatorOf(session)),
    'collection.signature': (args) => collection.signature(args),
  };
}
