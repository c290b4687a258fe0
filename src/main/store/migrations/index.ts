// Every schema change, oldest first. Append only: a released migration is never edited.
import type { Migration } from './types.ts';
import { initial } from './001-initial.ts';

export type { Migration } from './types.ts';
export const MIGRATIONS: readonly Migration[] = [initial];
