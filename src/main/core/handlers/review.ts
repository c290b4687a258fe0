import { StationFailure, type RecordMode } from '../../../shared/contract/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import { answerView, onSiteRoster, ReviewAnswerRefused, reviewImageView, SiteUnreachable, type SiteReviewDesk } from '../../site/index.ts';
import type { Store, TrainingRepository } from '../../store/index.ts';

export interface ReviewHandlerPorts {
  /** The site's reviews; null for a station alone (or a site without them). */
  siteReviews: SiteReviewDesk | null;
  store: Store;
  workflow: { training: TrainingRepository; today(): string; mode: RecordMode };
}

/** The records a reviewer at this station may review: live and drill at a live station, demo at a demo one. */
const modesFor = (mode: RecordMode): RecordMode[] => (mode === 'demo' ? ['demo'] : ['live', 'drill']);

const NO_SITE = 'The site\'s review queue is not open at this station: it needs the station joined to a site (station.json "site").';

/** The site unreachable is said in a line; anything else is the station's own failure. */
function unavailable(error: unknown): string {
  if (error instanceof SiteUnreachable) return 'The site is not reached now: the queue shows again when it is.';
  throw error;
}

async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReviewAnswerRefused) throw new StationFailure('INVALID_STATE', error.message);
    if (error instanceof SiteUnreachable) throw new StationFailure('UNAVAILABLE', 'The site is not reached now: try again when the site link is online.');
    throw error;
  }
}

/** The remote second review: the site's queue, a scan's image, answering it, and the dissent on this station's scans. */
export function reviewHandlers({ siteReviews, store, workflow }: ReviewHandlerPorts): AreaHandlers<'review'> {
  return {
    'review.siteQueue': async () => {
      if (!siteReviews) return { unavailable: NO_SITE, scans: [], given: [] };
      try {
        const [scans, given] = [await siteReviews.queue(modesFor(workflow.mode), 200), await siteReviews.given(50)];
        return { unavailable: null, scans, given: given.map(answerView) };
      } catch (error) {
        return { unavailable: unavailable(error), scans: [], given: [] };
      }
    },
    'review.siteImage': async ({ station, scanRef }) => {
      if (!siteReviews) throw new StationFailure('UNAVAILABLE', NO_SITE);
      const image = await orUnavailable(() => siteReviews.image(station, scanRef));
      return reviewImageView(station, scanRef, image);
    },
    'review.answerSite': async ({ station, verdictSeq, custodyId, scanRef, verdict, notes, incidentType }, { session }) => {
      if (!siteReviews) throw new StationFailure('UNAVAILABLE', NO_SITE);
      const operator = operatorOf(session);
      if (station === store.stationId) throw new StationFailure('FORBIDDEN', 'A scan of this station is reviewed here, from the item itself, not through the site.');
      if (!workflow.training.isCurrent(operator.id, 'xrayOperator', workflow.today())) {
        throw new StationFailure('FORBIDDEN', `${operator.name} has no current X-ray operator qualification. Ask a qualified operator, or record the training first.`);
      }
      // The scan's station knows the site roster's operators only: a local operator here is a stranger there.
      if (!onSiteRoster(store, operator.id)) throw new StationFailure('FORBIDDEN', `${operator.name} is not on the site's roster: only its operators review other stations' scans. Ask the site admin.`);
      if (verdict === 'suspect' && !incidentType) throw new StationFailure('INVALID_ARGUMENTS', 'Say what kind of threat the X-ray suggests (incident type): the scan\'s station opens the incident.');
      const answer = await orUnavailable(() =>
        siteReviews.answer({ station, verdictSeq, custodyId, scanRef, reviewerId: operator.id, reviewerName: operator.name, verdict, incidentType: incidentType ?? null, notes }),
      );
      return { answer: answerView({ ...answer, outcome: null }) };
    },
    'review.siteDissent': async () => {
      if (!siteReviews) return { unavailable: NO_SITE, dissent: [] };
      try {
        return { unavailable: null, dissent: (await siteReviews.dissent(50)).map(answerView) };
      } catch (error) {
        return { unavailable: unavailable(error), dissent: [] };
      }
    },
  };
}
