// Files the station writes for itself: one atomic, durable, owner-only replacement of a whole file.
export { syncFolderSync, writeFileAtomically } from './atomicWrite.ts';
