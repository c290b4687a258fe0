// Every schema change, oldest first. Append only: a released migration is never edited.
import type { Migration } from './types.ts';
import { initial } from './001-initial.ts';
import { printJobs } from './002-print-jobs.ts';
import { screeningWorkflow } from './003-screening-workflow.ts';
import { records } from './004-records.ts';
import { deviceHealth } from './005-device-health.ts';
import { lockoutBackoff } from './006-lockout-backoff.ts';
import { operatorManagement } from './007-operator-management.ts';
import { stepCouldNot } from './008-step-could-not.ts';
import { chainCheckpoints } from './009-chain-checkpoints.ts';
import { searchIndexes } from './010-search-indexes.ts';
import { outboundJobs } from './011-outbound-jobs.ts';
import { recipientDirectory } from './012-recipient-directory.ts';
import { collections } from './013-collections.ts';
import { recipientRetention } from './014-recipient-retention.ts';
import { idNumberSalt } from './015-id-number-salt.ts';
import { countedEventsIndex } from './016-counted-events-index.ts';
import { receiptFiledUnderHandOver } from './017-receipt-filed-under-hand-over.ts';

export type { Migration } from './types.ts';
export const MIGRATIONS: readonly Migration[] = [
  initial,
  printJobs,
  screeningWorkflow,
  records,
  deviceHealth,
  lockoutBackoff,
  operatorManagement,
  stepCouldNot,
  chainCheckpoints,
  searchIndexes,
  outboundJobs,
  recipientDirectory,
  collections,
  recipientRetention,
  idNumberSalt,
  countedEventsIndex,
  receiptFiledUnderHandOver,
];
