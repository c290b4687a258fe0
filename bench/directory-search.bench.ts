// The recipient picker's search at the size of a large organisation (BENCH_DIRECTORY_PEOPLE,
// 100,000 by default): building the in-memory index from the people listed, and each kind of
// query a screener types (a prefix, two words, a word with a typo, a badge). The baseline, in the
// same run: a plain pass over every folded name testing `includes` for each typed word (what the
// simplest search without typos or ranking costs).
import { DirectoryIndex, foldName, nameWords } from '../src/main/notify/directory/directorySearch.ts';
import type { DirectoryPerson } from '../src/main/store/index.ts';
import { rng } from './seededRandom.ts';
import { measure, ratio } from './stats.ts';

const PEOPLE = Number(process.env.BENCH_DIRECTORY_PEOPLE ?? 100_000);
const QUERIES = 200;

const GIVEN = ['Anna', 'Zoë', 'Jonathan', 'Søren', 'María', 'Li', 'Olufemi', 'Jean-Luc', 'Aylin', 'Krzysztof', 'Noor', 'Hiroshi', 'Fatima', 'Émile', 'Ivan', 'Chiara'];
const SYLLABLES = ['mül', 'ler', 'son', 'ber', 'ka', 'zu', 'nov', 'ić', 'ström', 'gar', 'cía', 'tan', 'wa', 'ski', 'ro', 'del', 'ma', 'ri', 'ot', 'hu', 'ez', 'lin', 'dé', 'fo'];

function people(count: number): DirectoryPerson[] {
  const random = rng(14);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const surname = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
    const name = `${pick(GIVEN)} ${surname.charAt(0).toUpperCase()}${surname.slice(1)}`;
    return { key: `E${i}`, name, email: null, department: null, location: null, employeeId: `E${i}`, badge: `B${i}`, source: 'csv', active: true };
  });
}

/** One letter of a word swapped with the next: the commonest typo at a keyboard. */
function typo(word: string, random: () => number): string {
  if (word.length < 5) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

export async function directorySearchBench(): Promise<Record<string, unknown>> {
  const listed = people(PEOPLE);
  const t0 = process.hrtime.bigint();
  const index = new DirectoryIndex(listed);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const folded = listed.map((p) => foldName(p.name));
  const random = rng(15);
  const sample = Array.from({ length: QUERIES }, () => listed[Math.floor(random() * listed.length)]!);
  const kinds: Record<string, (p: DirectoryPerson) => string> = {
    prefix3: (p) => nameWords(p.name).at(-1)!.slice(0, 3),
    twoWords: (p) => nameWords(p.name).join(' '),
    typo: (p) => typo(nameWords(p.name).at(-1)!, random),
  };
  const result: Record<string, unknown> = { bench: 'directory-search', people: PEOPLE, buildIndexMs: Math.round(buildMs) };
  for (const [kind, queryOf] of Object.entries(kinds)) {
    const queries = sample.map(queryOf);
    const ours = await measure(QUERIES, (i) => index.search(queries[i]!, 10).length);
    const baseline = await measure(QUERIES, (i) => {
      const words = nameWords(queries[i]!);
      let found = 0;
      for (const name of folded) if (words.every((w) => name.includes(w))) found += 1;
      return found;
    });
    result[kind] = { ours, baseline, p50Ratio: ratio(ours.p50Ms, baseline.p50Ms), p99Ratio: ratio(ours.p99Ms, baseline.p99Ms) };
  }
  result.badge = await measure(QUERIES, (i) => index.byBadge(sample[i]!.badge!));
  return result;
}
