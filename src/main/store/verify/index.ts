// The audit chain checked at scale: stretches hashed in worker threads and joined in order, and
// the station's checkpoints, so the everyday check hashes only what is new.
export { ChainWatch, type ChainWatchOptions } from './chainWatch.ts';
export { checkpointProblem, latestCheckpoint, recordCheckpoint, verifySinceCheckpoint, verifySinceCheckpointParallel, type Checkpoint, type IncrementalVerdict } from './checkpoints.ts';
export { CHAIN_WORKER_LIMITS, checkChainParallel, planChain, splitRange, type ChainPlan, type ParallelChainOptions } from './parallelChain.ts';
export { checkStretchInDb, type StretchReport } from './chainStretch.ts';
export { checkChainHere, FROM_GENESIS, joinStretches, ROW_VOCABULARY, type ChainStart } from './chainJoin.ts';
export { contentHash, RAW_AUDIT_COLUMNS, type RawAuditRow, type RowVocabulary } from './chainRow.ts';
