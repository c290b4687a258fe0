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
  if (error === null) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="error-message" data-code={error.code}>
      <Icon kind="fault" />
      <div>
        <p className="notice-title">{error.message}</p>
        <p className="notice-next">{next?.[error.code] ?? ERROR_ADVICE[error.code]}</p>
      </div>
    </div>
  );
}
