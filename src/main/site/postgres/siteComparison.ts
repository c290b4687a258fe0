import type { SiteHead } from '../siteLink.ts';

/** Where a station database stands against the site's copy of its chain. */
export type SiteStanding = 'same' | 'ahead' | 'not-published' | 'behind' | 'differs';

export interface SiteComparison {
  station: string;
  siteHead: SiteHead | null;
  stationHead: SiteHead | null;
  standing: SiteStanding;
  ok: boolean;
  /** Events the station holds past the site's head: waiting to be sent (normal). */
  waiting: number;
  /** The first seq both hold whose hashes differ, when they differ. */
  firstDifferentSeq?: number;
  /** What the verdict says in words: the problems when not ok, else a note. */
  problems: string[];
  note?: string;
}

export interface ChainSide {
  head: SiteHead | null;
  hashesAt(seqs: readonly number[]): Map<number, string> | Promise<Map<number, string>>;
}

const SAMPLES = 32;

/** `count` seqs spread over 1..last, always with 1 and last. */
function spread(last: number, count: number): number[] {
  const seqs = new Set<number>([1, last]);
  for (let i = 1; i < count - 1; i += 1) seqs.add(Math.max(1, Math.round((last * i) / (count - 1))));
  return [...seqs].sort((x, y) => x - y);
}

/**
 * Compares a station's chain with the site's copy of it, cheaply: the hash at the last seq both
 * hold commits to everything before it (each hash covers the one before), so on chains that each
 * hold together (verify hashes the station's whole chain; the site checked each link on arrival) an
 * equal hash there means equal below. A few more samples (and, on a difference, a binary search)
 * name the first seq where they part. Behind: the site holds seqs this database lacks.
 */
export async function compareWithSite(station: string, here: ChainSide, site: ChainSide): Promise<SiteComparison> {
  const stationHead = here.head;
  const siteHead = site.head;
  const base = { station, siteHead, stationHead };
  const stationSeq = stationHead?.seq ?? 0;
  const siteSeq = siteHead?.seq ?? 0;
  const common = Math.min(stationSeq, siteSeq);
  let firstDifferentSeq: number | undefined;
  if (common > 0) {
    const probes = spread(common, SAMPLES);
    const [mine, theirs] = await Promise.all([here.hashesAt(probes), site.hashesAt(probes)]);
    const differs = (seq: number, a: Map<number, string>, b: Map<number, string>) => a.get(seq) === undefined || a.get(seq) !== b.get(seq);
    const firstBadProbe = probes.findIndex((seq) => differs(seq, mine, theirs));
    if (firstBadProbe >= 0) {
      // Between the last probe that agreed and the first that did not: the first seq that parts.
      let low = firstBadProbe === 0 ? 0 : probes[firstBadProbe - 1]!;
      let high = probes[firstBadProbe]!;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        const [m, t] = await Promise.all([here.hashesAt([middle]), site.hashesAt([middle])]);
        if (differs(middle, m, t)) high = middle;
        else low = middle;
      }
      firstDifferentSeq = high;
    }
  }
  const problems: string[] = [];
  if (stationSeq < siteSeq) {
    problems.push(
      `this database is behind the site: its chain ends at event ${stationSeq}, but the site holds station ${station}'s events up to ${siteSeq} ` +
        `(${siteSeq - stationSeq} events removed from its end, or the database was restored from an older backup)`,
    );
  }
  if (firstDifferentSeq !== undefined) {
    problems.push(`this database differs from what the site holds of station ${station} from event ${firstDifferentSeq} on: its chain was rewritten after it was published`);
  }
  if (problems.length > 0) {
    return { ...base, standing: firstDifferentSeq !== undefined ? 'differs' : 'behind', ok: false, waiting: 0, ...(firstDifferentSeq !== undefined ? { firstDifferentSeq } : {}), problems };
  }
  const waiting = stationSeq - siteSeq;
  if (siteSeq === 0) return { ...base, standing: 'not-published', ok: true, waiting, problems, note: `the site holds nothing of station ${station} yet: ${waiting} events waiting to be sent` };
  if (waiting > 0) return { ...base, standing: 'ahead', ok: true, waiting, problems, note: `ahead of the site by ${waiting} events waiting to be sent (normal: the station sends them when it reaches the site)` };
  return { ...base, standing: 'same', ok: true, waiting: 0, problems };
}
