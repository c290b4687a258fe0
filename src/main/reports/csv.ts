/** What a spreadsheet takes a cell starting with for a formula (=, +, -, @, tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. Text that a
 * spreadsheet would run as a formula (a name typed or imported as `=cmd|…`) is written with a
 * leading apostrophe, so it opens as the text it is; numbers are written as numbers.
 */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: CRLF after every record, including the last. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
