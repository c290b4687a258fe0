import { useCallback, useEffect, useState } from 'react';
import type { RemoteReviewAnswer, RemoteReviewScan } from '../../shared/contract/index.ts';
import { useAction, useStationQuery } from '../hooks/index.ts';
import { useSite } from '../site/index.ts';
import { useStation } from '../station/index.ts';
import { findingWords, RemoteReviewForm, type SecondReview } from './RemoteReviewForm.tsx';
import { latestOf, useQueuedScanImage } from './useQueuedScanImage.ts';
import { CustodyId, ErrorNotice, ListTable, formatReceivedTime } from '../ui/index.ts';

/** Another station's work changes without an event here: the queue is read again this often. */
const RECHECK_MS = 10_000;

const OUTCOME_WORDS: Record<NonNullable<RemoteReviewAnswer['outcome']>, string> = {
  written: 'Written at its station: this is the review',
  dissent: 'Kept as dissent (the scan was reviewed already, with another verdict)',
  concurring: 'Concurring (the scan was reviewed already, with the same verdict)',
  refused: 'Refused by its station',
};

const scanKey = (scan: Pick<RemoteReviewScan, 'station' | 'scanRef'>) => `${scan.station}/${scan.scanRef}`;

/**
 * The site's review queue at this station: inconclusive X-ray scans of the other stations waiting
 * for a second reviewer. A trained reviewer of the site roster opens one, sees its image (from the
 * site, checked against its fingerprint) and records clear or suspect; the scan's own station writes
 * it in its record (it stays the authority: a scan reviewed there meanwhile keeps that review).
 * A coordinator also sees the answers to this station's scans kept as dissent.
 */
export function SiteReviewScreen({ refreshKey }: { refreshKey: number }) {
  const { operator } = useSite();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const queue = useStationQuery('review.siteQueue', {}, `${refreshKey}:${tick}`);
  // The scan open, as the queue's latest read gives it (its image may reach the site after its verdict).
  const [opened, setOpen] = useState<RemoteReviewScan | null>(null);
  const scans = queue.value?.scans ?? [];
  const open = latestOf(opened, scans);
  const given = queue.value?.given ?? [];

  return (
    <section className="site-review-screen" aria-labelledby="site-review-title" data-testid="site-review-screen">
      <h1 id="site-review-title">Site review</h1>
      <ErrorNotice error={queue.error} />
      {queue.value?.unavailable && (
        <p className="notice" role="status" data-testid="site-review-unavailable">
          {queue.value.unavailable}
        </p>
      )}
      {open ? (
        <RemoteReview
          scan={open}
          onBack={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            void queue.reload();
          }}
        />
      ) : (
        <>
          <h2>Inconclusive X-rays at other stations</h2>
          <ListTable testId="site-review-queue" columns={['Item', 'Station', 'First verdict', 'Findings', '']} count={scans.length} empty="No X-ray waits for a second reviewer at the other stations." regionLabel="Site review queue">
            {scans.map((scan) => (
              <tr key={scanKey(scan)} data-testid="site-review-row" data-custody-id={scan.custodyId} data-station={scan.station}>
                <th scope="row">
                  <CustodyId value={scan.custodyId} />
                  {scan.mode !== 'live' && <span className="tag tag-mode">{scan.mode.toUpperCase()}</span>}
                </th>
                <td>{scan.station}</td>
                <td>Inconclusive, {formatReceivedTime(scan.at)}{scan.refused > 0 ? ` (${scan.refused} answer${scan.refused === 1 ? '' : 's'} refused)` : ''}</td>
                <td>{scan.findings.length ? scan.findings.map(findingWords).join(', ') : '—'}</td>
                <td>
                  <button type="button" className="button button-primary" onClick={() => setOpen(scan)} data-testid="site-review-open">
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </ListTable>
          <h2>Answers from this station</h2>
          <AnswerList answers={given} testId="site-review-given" empty="No answers from this station yet." />
          {operator.role !== 'screener' && <DissentList refreshKey={`${refreshKey}:${tick}`} />}
        </>
      )}
    </section>
  );
}

function AnswerList({ answers, testId, empty }: { answers: readonly RemoteReviewAnswer[]; testId: string; empty: string }) {
  return (
    <ListTable testId={testId} columns={['Item', 'Station', 'Reviewer', 'Verdict', 'Its station']} count={answers.length} empty={empty} regionLabel="Answers">
      {answers.map((answer) => (
        <tr key={answer.id} data-testid="site-review-answer" data-custody-id={answer.custodyId} data-outcome={answer.outcome ?? 'waiting'}>
          <th scope="row">
            <CustodyId value={answer.custodyId} />
          </th>
          <td>{answer.station}</td>
          <td>
            {answer.reviewerName} ({answer.byStation ?? 'the console'}), {formatReceivedTime(answer.at)}
          </td>
          <td>{answer.verdict === 'suspect' ? 'Suspect' : 'Clear'}{answer.notes ? `: ${answer.notes}` : ''}</td>
          <td>
            {answer.outcome === null ? 'Waiting for its station' : OUTCOME_WORDS[answer.outcome]}
            {answer.reason !== null && <span className="hint"> — {answer.reason}</span>}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

/** A coordinator's view of reviewers who answered after the review written here: dissent or concurring, each said. */
function DissentList({ refreshKey }: { refreshKey: string }) {
  const list = useStationQuery('review.siteDissent', {}, refreshKey);
  const dissent = list.value?.dissent ?? [];
  return (
    <>
      <h2>Later answers to this station’s X-rays (dissent or concurring)</h2>
      <ErrorNotice error={list.error} />
      <AnswerList answers={dissent} testId="site-review-dissent" empty="No reviewer at another station answered a scan here after its review." />
    </>
  );
}

/** One queued scan: its image from the site and the second reviewer's verdict, given as the operator logged in here. */
function RemoteReview({ scan, onBack, onDone }: { scan: RemoteReviewScan; onBack(): void; onDone(answer: RemoteReviewAnswer): void }) {
  const station = useStation();
  const action = useAction();

  const loadImage = useCallback((from: string, scanRef: string) => station.call('review.siteImage', { station: from, scanRef }), [station]);
  const image = useQueuedScanImage(scan, loadImage);

  const answer = async (review: SecondReview) => {
    const result = await action.run(() => station.call('review.answerSite', { station: scan.station, verdictSeq: scan.verdictSeq, custodyId: scan.custodyId, scanRef: scan.scanRef, ...review }));
    if (result) onDone(result.answer);
  };

  return (
    <RemoteReviewForm
      scan={scan}
      image={image}
      testIdPrefix="site-review"
      busy={action.busy}
      error={action.error}
      next={{ FORBIDDEN: 'Only an operator of the site roster with a current X-ray qualification reviews other stations’ scans.', INVALID_STATE: 'Go back to the queue: it shows what still waits.' }}
      onRefused={action.setError}
      onAnswer={(review) => void answer(review)}
      onBack={onBack}
    />
  );
}
