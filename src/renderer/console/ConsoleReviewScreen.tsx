import { useCallback, useState } from 'react';
import type { RemoteReviewAnswer, RemoteReviewScan } from '../../shared/contract/index.ts';
import { findingWords, latestOf, RemoteReviewForm, useQueuedScanImage, type SecondReview } from '../review/index.ts';
import { toStationRequestError, type StationRequestError } from '../station/index.ts';
import { CustodyId, ErrorNotice, ListTable, TextField, formatReceivedTime } from '../ui/index.ts';
import { useConsole, useConsoleQuery } from './ConsoleContext.tsx';

const OUTCOME_WORDS: Record<NonNullable<RemoteReviewAnswer['outcome']>, string> = {
  written: 'Written at its station: this is the review',
  dissent: 'Kept as dissent (the scan was reviewed already, with another verdict)',
  concurring: 'Concurring (the scan was reviewed already, with the same verdict)',
  refused: 'Refused by its station',
};

const scanKey = (scan: Pick<RemoteReviewScan, 'station' | 'scanRef'>) => `${scan.station}/${scan.scanRef}`;

/**
 * The site's review queue at the console: every station's inconclusive X-ray scans waiting for a
 * second reviewer. A trained reviewer of the site roster opens one, sees its image (checked against
 * the SHA-256 its record names), gives badge and PIN (checked at the site: the console reads no PIN
 * hash) and records clear or suspect; the scan's station writes it in its own record.
 */
export function ConsoleReviewScreen() {
  const queue = useConsoleQuery('console.reviewQueue', {});
  // The scan open, as the queue's latest read gives it (its image may reach the site after its
  // verdict); as it was when opened once it has left the queue (answered meanwhile).
  const [opened, setOpen] = useState<RemoteReviewScan | null>(null);
  const scans = queue.value?.scans ?? [];
  const open = latestOf(opened, scans);
  const answers = queue.value?.answers ?? [];
  return (
    <section className="console-screen" aria-labelledby="console-review-title" data-testid="console-review-screen">
      <h1 id="console-review-title">Second review</h1>
      <ErrorNotice error={queue.error} />
      {open ? (
        <ConsoleReview
          scan={open}
          onBack={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            void queue.reload();
          }}
        />
      ) : (
        <>
          <h2>Inconclusive X-rays waiting at the stations</h2>
          <ListTable testId="console-review-queue" columns={['Item', 'Station', 'First verdict', 'Findings', '']} count={scans.length} empty="No X-ray waits for a second reviewer." regionLabel="Review queue" regionClassName="console-review-list">
            {scans.map((scan) => (
              <tr key={scanKey(scan)} data-testid="console-review-row" data-custody-id={scan.custodyId} data-station={scan.station}>
                <th scope="row">
                  <CustodyId value={scan.custodyId} />
                  {scan.mode !== 'live' && <span className="tag tag-mode">{scan.mode.toUpperCase()}</span>}
                </th>
                <td>{scan.station}</td>
                <td>
                  Inconclusive, {formatReceivedTime(scan.at)}
                  {scan.refused > 0 ? ` (${scan.refused} answer${scan.refused === 1 ? '' : 's'} refused)` : ''}
                </td>
                <td>{scan.findings.length ? scan.findings.map(findingWords).join(', ') : '—'}</td>
                <td>
                  <button type="button" className="button button-primary" onClick={() => setOpen(scan)} data-testid="console-review-open">
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </ListTable>
          <h2>Latest answers</h2>
          <ListTable testId="console-review-answers" columns={['Item', 'Station', 'Reviewer', 'Verdict', 'Its station']} count={answers.length} empty="No answers yet." regionLabel="Answers" regionClassName="console-review-list">
            {answers.map((answer) => (
              <tr key={answer.id} data-testid="console-review-answer" data-custody-id={answer.custodyId} data-outcome={answer.outcome ?? 'waiting'}>
                <th scope="row">
                  <CustodyId value={answer.custodyId} />
                </th>
                <td>{answer.station}</td>
                <td>
                  {answer.reviewerName} ({answer.byStation ?? 'the console'}), {formatReceivedTime(answer.at)}
                </td>
                <td>
                  {answer.verdict === 'suspect' ? 'Suspect' : 'Clear'}
                  {answer.notes ? `: ${answer.notes}` : ''}
                </td>
                <td>
                  {answer.outcome === null ? 'Waiting for its station' : OUTCOME_WORDS[answer.outcome]}
                  {answer.reason !== null && <span className="hint"> — {answer.reason}</span>}
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}

/** One queued scan: its image from the site, and the reviewer's badge, PIN and verdict. */
function ConsoleReview({ scan, onBack, onDone }: { scan: RemoteReviewScan; onBack(): void; onDone(answer: RemoteReviewAnswer): void }) {
  const client = useConsole();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StationRequestError | null>(null);

  const loadImage = useCallback((station: string, scanRef: string) => client.call('console.reviewImage', { station, scanRef }), [client]);
  const image = useQueuedScanImage(scan, loadImage);

  const answer = async (review: SecondReview) => {
    setBusy(true);
    try {
      const { answer: recorded } = await client.call('console.reviewAnswer', {
        badge: badge.trim(),
        pin,
        station: scan.station,
        verdictSeq: scan.verdictSeq,
        custodyId: scan.custodyId,
        scanRef: scan.scanRef,
        ...review,
      });
      setError(null);
      onDone(recorded);
    } catch (caught) {
      setError(toStationRequestError(caught));
    } finally {
      // The PIN is typed again for every answer: it never stays on the screen.
      setPin('');
      setBusy(false);
    }
  };

  return (
    // The image beside the form (console.css): at 1366×768 both are in view, and the form's buttons stay at its foot while its fields scroll.
    <RemoteReviewForm
      scan={scan}
      image={image}
      testIdPrefix="console-review"
      layoutPrefix="console-review"
      identity={
        <>
          <TextField label="Reviewer’s badge" value={badge} onValue={setBadge} testId="console-review-badge" />
          <TextField label="PIN" type="password" inputMode="numeric" autoComplete="off" value={pin} onValue={setPin} testId="console-review-pin" hint="Checked by the site against the roster; five wrong PINs lock the badge here for a while." />
        </>
      }
      precheck={() => (badge.trim() === '' || pin === '' ? 'Scan or type your badge and enter your PIN: the site checks who records the review.' : null)}
      busy={busy}
      error={error}
      next={{ FORBIDDEN: 'Only an active operator of the site roster with a current X-ray qualification records a second review, with their own badge and PIN.', INVALID_STATE: 'Go back to the queue: it shows what still waits.' }}
      onRefused={setError}
      onAnswer={(review) => void answer(review)}
      onBack={onBack}
    />
  );
}
