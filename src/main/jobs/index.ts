// The persistent job queue: outbound work (labels, site publishing, notices, webhooks) added in
// the same transaction as its cause, parsed when loaded, retried with backoff, visible in status.
export {
  JobQueue,
  JobRefused,
  DEFAULT_MAX_ATTEMPTS,
  type Job,
  type JobKind,
  type JobLaneStatus,
  type JobQueueOptions,
  type JobQueueStatus,
  type JobTarget,
  type JobTimers,
} from './jobQueue.ts';
export { JobTable, JOB_STATES, type JobState, type JobStateChange, type JobStore, type StoredJob } from '../store/index.ts';
