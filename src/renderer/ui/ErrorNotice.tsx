import { useEffect, useRef } from 'react';
import type { StationErrorCode } from '../../shared/contract/index.ts';
import type { StationRequestError } from '../station/index.ts';
import { ERROR_ADVICE } from './errorAdvice.ts';
import { Icon } from './Icon.tsx';

interface ErrorNoticeProps {
  error: StationRequestError | null;
  /** Advice that fits this screen better than the general one for the code. */
  next?: Partial<Record<StationErrorCode, string>>;
}

/** A refusal in plain words with what to do next. role="alert" so a screen reader says it at once. */
export function ErrorNotice({ error, next }: ErrorNoticeProps) {
  const notice = useRef<HTMLDivElement>(null);
  // A refusal drawn outside the visible strip of a scrolling step is a refusal nobody sees: bring
  // each new one into view, as little as it takes (a 1366×768 panel, issue 12 point 10).
  useEffect(() => {
    if (error !== null) notice.current?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [error]);
  if (error === null) return null;
  return (
    <div className="notice notice-error" ref={notice} role="alert" data-testid="error-message" data-code={error.code}>
      <Icon kind="fault" />
      <div>
        <p className="notice-title">{error.message}</p>
        <p className="notice-next">{next?.[error.code] ?? ERROR_ADVICE[error.code]}</p>
      </div>
    </div>
  );
}
