import type { DirectoryPerson } from '../../store/index.ts';

// Finding a recipient by part of their name as a screener types it, gloved, in a hurry: case and
// accents do not matter (Zoë = Zoe = ZOE), each typed word matches the start of a word of the name
// ("mül ann" finds Anna Müller), and a word of four letters or more may have one typo (seven or
// more: two) — a letter wrong, missing, extra or two swapped (Damerau-Levenshtein). The people are
// held in memory as their distinct name words, sorted, so a prefix is a binary search and a typo a
// pass over the distinct words (far fewer than the people), not over every person.

/** A person found, best first. */
export interface DirectoryMatch {
  person: DirectoryPerson;
  /** Lower is better: exact words, then prefixes, then typos. */
  score: number;
}

const FOLDED: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

// eslint-disable-next-line no-misleading-character-class -- a range of combining marks, to remove them
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** A name as it is compared: lower case, accents and marks dropped, letters with no decomposition spelled out. */
export function foldName(text: string): string {
  // Most names are plain ASCII: no decomposition to do (the index folds every name once).
  // eslint-disable-next-line no-control-regex -- ASCII, control characters included
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    // The combining marks decomposition leaves (accents, umlauts, cedillas…): a plain range, faster than \p{M}.
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDED[c] ?? c);
}

/** The words of a name, folded: letters and digits, split at anything else (spaces, hyphens, apostrophes). */
export function nameWords(text: string): string[] {
  const folded = foldName(text);
  // eslint-disable-next-line no-control-regex -- ASCII, control characters included
  const separators = /^[\u0000-\u007f]*$/.test(folded) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u;
  return folded.split(separators).filter((w) => w !== '');
}

/** How many typos a typed word of this length may have. */
function typosAllowed(length: number): number {
  return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * The optimal string alignment distance (Damerau-Levenshtein with adjacent swaps) between a and b,
 * or max + 1 as soon as it must exceed max: most words are given up after a row or two.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (width > rows.width) rows = distanceRows(width * 2);
  // Three rows reused from call to call: the typo pass makes tens of thousands of these per search.
  let before = rows.a;
  let previous = rows.b;
  let current = rows.c;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowBest) rowBest = d;
    }
    if (rowBest > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

function distanceRows(width: number): { width: number; a: Int32Array; b: Int32Array; c: Int32Array } {
  return { width, a: new Int32Array(width), b: new Int32Array(width), c: new Int32Array(width) };
}
let rows = distanceRows(64);

const EXACT = 0;
const PREFIX = 1;
const TYPO = 3;

/** The people listed now, indexed by the words of their names. */
export class DirectoryIndex {
  readonly #people: readonly DirectoryPerson[];
  /** Each person's place in name order (folded), so ties are broken without comparing strings. */
  readonly #rank: Int32Array;
  /** Distinct folded words, sorted: a prefix's words are one range. */
  readonly #words: string[];
  /** For each word of #words, the people whose name has it. */
  readonly #holders: number[][];
  /** By length m, made when first asked: each distinct start of m letters of a word, and the words that start so. */
  readonly #starts = new Map<number, Map<string, number[]>>();
  readonly #byBadge = new Map<string, DirectoryPerson>();

  constructor(people: readonly DirectoryPerson[]) {
    this.#people = people;
    const holders = new Map<string, number[]>();
    const folded: string[] = [];
    people.forEach((person, index) => {
      if (person.badge !== null) this.#byBadge.set(person.badge, person);
      const words = nameWords(person.name);
      folded.push(words.join(' '));
      for (const word of new Set(words)) {
        const list = holders.get(word);
        if (list) list.push(index);
        else holders.set(word, [index]);
      }
    });
    this.#words = [...holders.keys()].sort();
    this.#holders = this.#words.map((word) => holders.get(word)!);
    const order = people.map((_, i) => i).sort((a, b) => (folded[a]! < folded[b]! ? -1 : folded[a]! > folded[b]! ? 1 : a - b));
    this.#rank = new Int32Array(people.length);
    order.forEach((person, rank) => (this.#rank[person] = rank));
  }

  get size(): number {
    return this.#people.length;
  }

  /** The listed person with exactly this badge. */
  byBadge(badge: string): DirectoryPerson | null {
    return this.#byBadge.get(badge) ?? null;
  }

  /**
   * The best `limit` people whose name has a word for each word typed; ties in name order. Typos
   * are looked for only when the words' starts alone find fewer than `limit`: a typed word that
   * starts someone's name is taken as typed.
   */
  search(text: string, limit: number): DirectoryMatch[] {
    const typed = [...new Set(nameWords(text))].slice(0, 6);
    if (typed.length === 0) return [];
    const exact = this.#scored(typed, false);
    const scores = exact.size >= limit ? exact : this.#scored(typed, true);
    return this.#best(scores, limit).map((index) => ({ person: this.#people[index]!, score: scores.get(index)! }));
  }

  #scored(typed: readonly string[], typos: boolean): Map<number, number> {
    let scores: Map<number, number> | null = null;
    // The longest word first: it leaves the fewest people for the others to look at.
    for (const word of [...typed].sort((a, b) => b.length - a.length)) {
      const found = this.#matchesOf(word, scores, typos);
      if (scores === null) scores = found;
      else {
        const both = new Map<number, number>();
        for (const [person, score] of found) {
          const before = scores.get(person);
          if (before !== undefined) both.set(person, before + score);
        }
        scores = both;
      }
      if (scores.size === 0) break;
    }
    return scores ?? new Map();
  }

  /** The `limit` best by score, then name order: one pass keeping a short sorted list. */
  #best(scores: Map<number, number>, limit: number): number[] {
    const kept: Array<[number, number, number]> = [];
    for (const [person, score] of scores) {
      const rank = this.#rank[person]!;
      if (kept.length === limit) {
        const last = kept[limit - 1]!;
        if (score > last[1] || (score === last[1] && rank > last[2])) continue;
      }
      let at = kept.length;
      while (at > 0 && (kept[at - 1]![1] > score || (kept[at - 1]![1] === score && kept[at - 1]![2] > rank))) at--;
      kept.splice(at, 0, [person, score, rank]);
      if (kept.length > limit) kept.pop();
    }
    return kept.map(([person]) => person);
  }

  /** The distinct starts of m letters of the words (each word of m letters or more), made once per m. */
  #startsOf(m: number): Map<string, number[]> {
    let starts = this.#starts.get(m);
    if (!starts) {
      starts = new Map();
      this.#words.forEach((word, i) => {
        if (word.length < m) return;
        const start = word.slice(0, m);
        const list = starts!.get(start);
        if (list) list.push(i);
        else starts!.set(start, [i]);
      });
      this.#starts.set(m, starts);
    }
    return starts;
  }

  /** Each person with a word that this typed word matches, and how well (the best of their words). */
  #matchesOf(typed: string, among: Map<number, number> | null, typos: boolean): Map<number, number> {
    const found = new Map<number, number>();
    const note = (wordIndex: number, score: number) => {
      for (const person of this.#holders[wordIndex]!) {
        if (among && !among.has(person)) continue;
        const before = found.get(person);
        if (before === undefined || score < before) found.set(person, score);
      }
    };
    // Prefixes: one sorted range.
    let low = 0;
    let high = this.#words.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#words[mid]! < typed) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < this.#words.length && this.#words[i]!.startsWith(typed); i++) note(i, this.#words[i] === typed ? EXACT : PREFIX);
    const allowed = typos ? typosAllowed(typed.length) : 0;
    // Typos: against each distinct start of typed.length ± allowed letters, far fewer than the
    // words. A word that is that start whole ranks before a longer word it starts ("mulr" for
    // "mullerova"), and both after every prefix.
    for (let m = Math.max(1, typed.length - allowed); allowed > 0 && m <= typed.length + allowed; m++) {
      for (const [start, words] of this.#startsOf(m)) {
        const distance = editDistance(typed, start, allowed);
        if (distance > allowed || distance === 0) continue;
        for (const i of words) note(i, TYPO + distance + (this.#words[i]!.length === m ? 0 : 1));
      }
    }
    return found;
  }
}
