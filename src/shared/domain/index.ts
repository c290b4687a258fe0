export * from './tracking/index.ts';
export { newCustodyId, parseCustodyId, isCustodyIdLike } from './custodyId.ts';
