import { useEffect, useState, type ReactNode, type RefObject } from 'react';

/** What is wrong with one field of a form, found before anything is sent. */
interface FieldProblem {
  /** The field's test id. */
  field: string;
  message: string;
}

export interface FieldProblems {
  /** Refuses the form because of one field: it is marked, says why, and takes the focus. */
  refuse(field: string, message: string): void;
  clear(): void;
  /** The operator changed `field`: its problem, if it had one, is theirs to judge again (the message goes). */
  changed(field: string): void;
  /** The field's hint, with the problem first when the field has one (the hint is read out with the field). */
  hintFor(field: string, hint?: ReactNode): ReactNode;
  /** For the field's aria-invalid. */
  invalid(field: string): true | undefined;
  /** A TextField's props for `field`: its hint (problem first), aria-invalid, test id, and an onValue that also clears the problem. */
  bind(field: string, onValue: (value: string) => void, hint?: ReactNode): { hint: ReactNode; 'aria-invalid': true | undefined; testId: string; onValue(value: string): void };
}

/**
 * Puts the focus on a field of the form by its test id, its label and hint in view with it: focus
 * alone scrolls only the box itself to the edge of the admin screen, its label cut off above.
 */
export function focusField(form: RefObject<HTMLFormElement | null>, testId: string): void {
  const field = form.current?.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!field) return;
  field.closest('.field')?.scrollIntoView({ block: 'nearest' });
  field.focus({ preventScroll: true });
  // Still out of view (a field taller than the screen): then the box itself, as focus would.
  field.scrollIntoView({ block: 'nearest' });
}

/**
 * A form's own checks, said at the field they are about rather than at the form's foot: on a long
 * admin form the foot is out of view when the focus goes up to the field to correct. Nothing typed
 * is cleared; the station's refusals stay at the foot, next to the button that sent the form.
 */
export function useFieldProblems(form: RefObject<HTMLFormElement | null>): FieldProblems {
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  // After the render that shows the message, so the scroll makes room for it.
  useEffect(() => {
    if (problem !== null) focusField(form, problem.field);
  }, [problem, form]);
  const changed = (field: string) => setProblem((current) => (current?.field === field ? null : current));
  const hintFor = (field: string, hint?: ReactNode): ReactNode =>
    problem?.field === field ? (
      <>
        {/* An alert too: the focus may already be on the field, and then nothing else reads it out. */}
        <span className="field-problem" role="alert" data-testid="field-problem">
          {problem.message}
        </span>
        {hint}
      </>
    ) : (
      hint
    );
  const invalid = (field: string) => (problem?.field === field ? true : undefined);
  return {
    refuse: (field, message) => setProblem({ field, message }),
    clear: () => setProblem(null),
    changed,
    hintFor,
    invalid,
    bind: (field, onValue, hint) => ({
      hint: hintFor(field, hint),
      'aria-invalid': invalid(field),
      testId: field,
      onValue: (value) => {
        onValue(value);
        changed(field);
      },
    }),
  };
}
