// The audit chain checked at scale: stretches hashed in worker threads and joined in order, and
// the station's checkpoints, so the everyday check hashes only what is new.
export { ChainWatch, type ChainWatchOptions } from './chainWatch.ts';
export { checkpointProblem, latestCheckpoint, recordCheckpoint, verifySinceCheckpoint, verifySinceCheckpointParallel, type Checkpoint, type IncrementalVerdict } from './checkpoints.ts';
export { checkChainParallel, splitRange, type ParallelChainOptions } from './parallelChain.ts';
export { checkChainHere, FROM_GENESIS, type ChainStart } from './chainJoin.ts';
export { contentHash, RAW_AUDIT_COLUMNS, type RawAuditRow } from './chainRow.ts';
