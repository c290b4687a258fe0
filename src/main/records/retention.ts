import type { PurgeCutoffs, RetentionPolicy } from '../store/index.ts';

export {
  RECORD_CLASSES,
  DEFAULT_RETENTION,
  FINAL_ITEM_STATES,
  RetentionPolicyRepository,
  LegalHoldRepository,
  type RecordClass,
  type RetentionPolicy,
  type HoldSubject,
  type LegalHold,
  type PurgeCutoffs,
} from '../store/index.ts';

export function cutoffs(policy: RetentionPolicy, now: Date): PurgeCutoffs {
  const at = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * 86_400_000).toISOString());
  return { items: at(policy.items), incidents: at(policy.incidents), images: at(policy.images), recipients: at(policy.recipients) };
}

