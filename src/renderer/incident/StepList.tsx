import type { IncidentStepView } from '../../shared/contract/index.ts';
import { formatElapsed } from '../hooks/index.ts';
import { useRovingFocus } from '../ui/index.ts';

/**
 * The protocol's steps: done ones ticked (with their time in a drill), the shown one marked. One
 * Tab stop (the shown step), the arrow keys move along it: sixteen steps to Tab past would bury the
 * section tabs and the step card for someone on the keyboard.
 */
export function StepList({ steps, selectedId, drill, onSelect }: { steps: readonly IncidentStepView[]; selectedId: string | null; drill: boolean; onSelect(id: string): void }) {
  // The step the arrow keys are on while the list has focus; otherwise the shown step is the Tab stop.
  const list = useRovingFocus<HTMLOListElement>(steps.length, 'button', steps.findIndex((step) => step.id === selectedId));

  return (
    <ol
      className="incident-steps"
      aria-label="Protocol steps"
      data-testid="incident-step-list"
      ref={list.container}
      onKeyDown={list.onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) list.forget();
      }}
    >
      {steps.map((step, index) => {
        const done = step.acknowledgedAt !== null;
        const selected = step.id === selectedId;
        return (
          <li key={step.id}>
            <button
              type="button"
              className={`incident-step-button${done ? ' step-done' : ''}${selected ? ' step-selected' : ''}`}
              aria-current={selected ? 'step' : undefined}
              tabIndex={index === list.stop ? 0 : -1}
              onFocus={() => list.onFocusAt(index)}
              onClick={() => onSelect(step.id)}
              data-testid="incident-step-item"
              data-step-id={step.id}
              data-done={done ? 'true' : 'false'}
            >
              <span className="step-number" aria-hidden="true">
                {done ? '✓' : index + 1}
              </span>
              <span className="step-label">
                {step.title}
                {step.critical && !done && <span className="visually-hidden"> (critical)</span>}
                <span className="visually-hidden">{done ? ', done' : ', to do'}</span>
              </span>
              {drill && step.secondsTaken !== null && <span className="step-time">{formatElapsed(step.secondsTaken)}</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
