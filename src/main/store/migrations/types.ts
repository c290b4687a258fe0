import type Database from 'better-sqlite3';

export interface Migration {
  /** Schema version after this migration; versions are consecutive from 1. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
