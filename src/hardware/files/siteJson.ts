import { printableFileName } from './siteFile.ts';

// JSON.parse's own messages quote the text around the fault ("Unexpected token 'r', "root:$y$j9T"...
// is not valid JSON"), and a site file's problem is shown to coordinators and written to logs.
// So a site file that is not JSON is reported by where the fault is, never by what is there.

export type SiteJsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Parses a site file's text; on failure, a message naming the file and the line and column, quoting nothing. */
export function parseSiteJson(text: string, file: string): SiteJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const offset = firstSyntaxError(text);
    const where = offset === null ? '' : ` (${lineAndColumn(text, offset)})`;
    return { ok: false, message: `${printableFileName(file)}: is not valid JSON${where}` };
  }
}

function lineAndColumn(text: string, offset: number): string {
  if (offset >= text.length) return text.trim() === '' ? 'the file is empty' : 'it ends too early';
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** End of the string starting at `start` (a quote), or the negated offset of its first fault. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return -i - 1;
      i = ESCAPE.lastIndex;
    } else {
      i += 1;
    }
  }
  return -text.length - 1;
}

/** End of the scalar at `start`, or the negated offset (minus one) of its first fault. */
function scalarEnd(text: string, start: number): number {
  const c = text[start];
  if (c === '"') return stringEnd(text, start);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, start)) return start + word.length;
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  return match && match[0].length > 0 ? start + match[0].length : -start - 1;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early), or null if it finds none. Iterative, so a file of a million "[" cannot overflow the stack.
 */
export function firstSyntaxError(text: string): number | null {
  const open: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (open.length === 0 ? 'end' : 'commaOrClose');
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
    if (i >= text.length) return expect === 'end' ? null : text.length;
    const c = text[i];
    switch (expect) {
      case 'end':
        return i;
      case 'value':
      case 'valueOrClose': {
        if (expect === 'valueOrClose' && c === ']') {
          open.pop();
          i += 1;
          expect = afterValue();
        } else if (c === '{' || c === '[') {
          open.push(c);
          i += 1;
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
        } else {
          const end = scalarEnd(text, i);
          if (end < 0) return -end - 1;
          i = end;
          expect = afterValue();
        }
        break;
      }
      case 'key':
      case 'keyOrClose': {
        if (expect === 'keyOrClose' && c === '}') {
          open.pop();
          i += 1;
          expect = afterValue();
          break;
        }
        if (c !== '"') return i;
        const end = stringEnd(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return i;
        i += 1;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const top = open[open.length - 1];
        if (c === ',') {
          i += 1;
          expect = top === '{' ? 'key' : 'value';
        } else if ((c === ']' && top === '[') || (c === '}' && top === '{')) {
          open.pop();
          i += 1;
          expect = afterValue();
        } else {
          return i;
        }
        break;
      }
    }
  }
}
