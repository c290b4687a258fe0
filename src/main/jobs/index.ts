// The persistent job queue: outbound work (labels, site publishing, notices, webhooks) added in
// the same transaction as its cause, parsed when loaded, retried with backoff, visible in status.
export {
  JobQueue,
  JOB_STATES,
  DEFAULT_MAX_ATTEMPTS,
  type Job,
  type JobKind,
  type JobLaneStatus,
  type JobQueueOptions,
  type JobQueueStatus,
  type JobState,
  type JobStateChange,
  type JobStore,
  type JobTarget,
  type JobTimers,
  type StoredJob,
} from './jobQueue.ts';
