import { CsvError, parse } from 'csv-parse/sync';
import type { DirectoryEntry } from './directoryEntry.ts';
import { fieldText } from './directoryRules.ts';

// A directory export as a CSV file (Active Directory's csvde or PowerShell export, an HR system's,
// a spreadsheet saved as CSV): comma, semicolon or tab separated, quoted fields, a byte-order mark,
// the header named as those exports name it.

/** The largest CSV a directory import reads: about 100,000 people with room to spare. */
export const MAX_DIRECTORY_CSV_BYTES = 20 * 1024 * 1024;
/** A row longer than this is not a person (a missing closing quote swallowing the file). */
const MAX_ROW_BYTES = 64 * 1024;

type Column = 'name' | 'givenName' | 'surname' | 'email' | 'department' | 'location' | 'employeeId' | 'badge';

/** The header names each column goes by in directory exports, lower case with spaces, dashes, dots and underscores removed. */
const HEADER_NAMES: Readonly<Record<Column, readonly string[]>> = {
  name: ['name', 'displayname', 'cn', 'fullname', 'commonname'],
  givenName: ['givenname', 'firstname', 'forename'],
  surname: ['sn', 'surname', 'lastname', 'familyname'],
  email: ['mail', 'email', 'emailaddress', 'primarysmtpaddress'],
  department: ['department', 'dept', 'departmentname'],
  location: ['office', 'location', 'physicaldeliveryofficename', 'officelocation', 'officename'],
  employeeId: ['employeeid', 'employeenumber', 'employeeno', 'staffid', 'personnelnumber'],
  badge: ['badge', 'badgeid', 'badgenumber', 'badgecode', 'badgeno'],
};

const headerKey = (header: string): string => header.toLowerCase().replace(/[\s_.\-–]/g, '');

/** A file that cannot be read as a directory export at all (its header, its quoting): one line that says what to do. */
export class DirectoryCsvRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryCsvRefused';
  }
}

export interface DirectoryCsv {
  /** One per row with anything in it, in file order. */
  entries: DirectoryEntry[];
  /** The line each entry ends on (a quoted field may span lines), parallel to `entries`. */
  lines: number[];
  /** Which header each field was read from. */
  columns: Partial<Record<Column, string>>;
  /** Headers that are none of the directory's (kept out of the directory). */
  ignoredColumns: string[];
  delimiter: ',' | ';' | '\t';
}

/** The delimiter the header line uses: the most frequent of comma, semicolon and tab outside quotes. */
function delimiterOf(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

function columnsOf(header: readonly string[]): { at: Partial<Record<Column, number>>; names: Partial<Record<Column, string>>; ignored: string[] } {
  const at: Partial<Record<Column, number>> = {};
  const names: Partial<Record<Column, string>> = {};
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const key = headerKey(raw);
    const column = (Object.keys(HEADER_NAMES) as Column[]).find((c) => HEADER_NAMES[c].includes(key));
    if (!column) {
      if (raw.trim() !== '') ignored.push(raw.trim());
      return;
    }
    if (at[column] !== undefined) throw new DirectoryCsvRefused(`The header has two ${column} columns (${names[column]} and ${raw.trim()}): keep one and import again.`);
    at[column] = index;
    names[column] = raw.trim();
  });
  if (at.name === undefined && (at.givenName === undefined || at.surname === undefined)) {
    throw new DirectoryCsvRefused(
      'The first line names no name column: a directory export has displayName, cn or Name (or givenName and sn). Export the directory with its header and import again.',
    );
  }
  return { at, names, ignored };
}

/**
 * Reads a directory export's text (its byte-order mark already dropped or not): the header mapped
 * to the directory's fields, one entry per row. A row's problems (no name, an e-mail that is not
 * one, a key or badge given twice) are for the preview to find; only a file that cannot be read as
 * a CSV with a header is refused here.
 */
export function readDirectoryCsv(text: string): DirectoryCsv {
  const delimiter = delimiterOf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROW_BYTES,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? `line ${error.lines}: ` : '';
      const why =
        error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed'
        : error.code === 'CSV_MAX_RECORD_SIZE' ? `a row is longer than ${MAX_ROW_BYTES / 1024} KB (a missing closing quote?)`
        : error.code === 'INVALID_OPENING_QUOTE' || error.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'a quote inside a field that is not quoted whole'
        : 'the file is not a CSV this import reads';
      throw new DirectoryCsvRefused(`${line}${why}. Save the directory export again as CSV and import it again.`);
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new DirectoryCsvRefused('The file is empty: export the directory with its header line and import again.');
  const { at, names, ignored } = columnsOf(header.record);
  const field = (record: readonly string[], column: Column): string | null => (at[column] === undefined ? null : fieldText(record[at[column]!]));
  const entries: DirectoryEntry[] = [];
  const lines: number[] = [];
  for (const { record, info } of rows) {
    if (record.every((value) => value.trim() === '')) continue;
    const given = field(record, 'givenName');
    const surname = field(record, 'surname');
    const name = field(record, 'name') ?? ([given, surname].filter((part) => part !== null).join(' ') || null);
    const email = field(record, 'email');
    const employeeId = field(record, 'employeeId');
    const badge = field(record, 'badge');
    entries.push({
      // Stable across exports: the employee ID; without one the e-mail address, then the badge. Never the name.
      key: employeeId ?? email?.toLowerCase() ?? badge ?? '',
      name: name ?? '',
      email,
      department: field(record, 'department'),
      location: field(record, 'location'),
      employeeId,
      badge,
    });
    lines.push(info.lines);
  }
  return { entries, lines, columns: names, ignoredColumns: ignored, delimiter };
}
