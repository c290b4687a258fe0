import type { z } from 'zod';
import { StationFailure } from '../../shared/contract/index.ts';

/** Where a stored JSON value lives: its table and column, and the row it belongs to. */
export interface StoredPlace {
  table: string;
  column: string;
  /** The row's key as an admin would look it up, e.g. `id 12` or `custody_id 7KQ-M3X-9TZ`. */
  key: string;
}

/**
 * A value read back from the database that is not what the station wrote: the file was changed
 * behind the station's back, or damaged. It names the table, column and row, so the admin can find
 * it; the station refuses to show or act on the guess a cast would have made.
 */
export class StoredRecordInvalid extends StationFailure {
  readonly place: StoredPlace;
  constructor(place: StoredPlace, problem: string) {
    super(
      'INTERNAL',
      `The stored ${place.table}.${place.column} of ${place.key} fails its schema (${problem}): the database was changed or damaged outside the station. Run \`verify\`, and restore from a backup if it fails.`,
    );
    this.name = 'StoredRecordInvalid';
    this.place = place;
  }
}

/** The first problem zod found, as `path: message`, short enough for one line. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not match its schema';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the value';
  return `${where}: ${issue.message}`.slice(0, 200);
}

/** Parses JSON text stored by the station with the schema it was written with; never a cast. */
export function parseStoredJson<S extends z.ZodType>(schema: S, text: string, place: StoredPlace): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoredRecordInvalid(place, 'it is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredRecordInvalid(place, firstIssue(parsed.error));
  return parsed.data;
}

/** The same for a nullable column: SQL NULL stays null. */
export function parseStoredJsonOrNull<S extends z.ZodType>(schema: S, text: string | null, place: StoredPlace): z.output<S> | null {
  return text === null ? null : parseStoredJson(schema, text, place);
}
