import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { useRovingFocus } from './roving.ts';

interface LabelledProps {
  label: string;
  hint?: ReactNode;
  value: string;
  onValue(value: string): void;
  testId?: string;
}

/** The label and its hint around one control; the control gets the id and the hint's id to point at. */
function LabelledField({ label, hint, children }: { label: string; hint?: ReactNode; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {hint !== undefined && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children(id, hint !== undefined ? `${id}-hint` : undefined)}
    </div>
  );
}

type TextFieldProps = LabelledProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & { ref?: Ref<HTMLInputElement> };

/** A labelled text field with its hint read out with it; large enough for gloved hands. */
export function TextField({ label, hint, value, onValue, testId, className, ...rest }: TextFieldProps) {
  return (
    <LabelledField label={label} hint={hint}>
      {(id, describedBy) => (
        <input
          id={id}
          className={`text-input ${className ?? ''}`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={describedBy}
          value={value}
          data-testid={testId}
          onChange={(event) => onValue(event.target.value)}
          {...rest}
        />
      )}
    </LabelledField>
  );
}

type TextAreaFieldProps = LabelledProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'>;

export function TextAreaField({ label, hint, value, onValue, testId, ...rest }: TextAreaFieldProps) {
  return (
    <LabelledField label={label} hint={hint}>
      {(id, describedBy) => (
        <textarea id={id} className="text-input text-area" rows={3} aria-describedby={describedBy} value={value} data-testid={testId} onChange={(event) => onValue(event.target.value)} {...rest} />
      )}
    </LabelledField>
  );
}

interface ChoiceProps<T extends string> {
  legend: string;
  hint?: ReactNode;
  name: string;
  options: ReadonlyArray<{ value: T; label: string; detail?: string }>;
  value: NoInfer<T> | null;
  onValue: (value: NoInfer<T>) => void;
  testId?: string;
}

/** Radio buttons as large tiles: one choice, arrow keys move between them. */
export function Choice<T extends string>({ legend, hint, name, options, value, onValue, testId }: ChoiceProps<T>) {
  const id = useId();
  return (
    <fieldset className="choice" data-testid={testId} aria-describedby={hint !== undefined ? `${id}-hint` : undefined}>
      <legend className="field-label">{legend}</legend>
      {hint !== undefined && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="choice-tiles">
        {options.map((option) => (
          <label key={option.value} className={value === option.value ? 'tile tile-selected' : 'tile'}>
            <input
              type="radio"
              name={`${name}-${id}`}
              value={option.value}
              checked={value === option.value}
              data-testid={testId ? `${testId}-${option.value}` : undefined}
              onChange={() => onValue(option.value)}
            />
            <span className="tile-text">
              <span className="tile-label">{option.label}</span>
              {option.detail !== undefined && <span className="tile-detail">{option.detail}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface CheckProps {
  label: string;
  detail?: string;
  checked: boolean;
  onChecked(checked: boolean): void;
  testId?: string;
  /** Set by CheckTiles: -1 for every box of the group but the one the Tab key stops at. */
  tabIndex?: number;
  onFocus?(): void;
}

export function Check({ label, detail, checked, onChecked, testId, tabIndex, onFocus }: CheckProps) {
  return (
    <label className={checked ? 'tile tile-check tile-selected' : 'tile tile-check'}>
      <input type="checkbox" checked={checked} data-testid={testId} tabIndex={tabIndex} onFocus={onFocus} onChange={(event) => onChecked(event.target.checked)} />
      <span className="tile-text">
        <span className="tile-label">{label}</span>
        {detail !== undefined && <span className="tile-detail">{detail}</span>}
      </span>
    </label>
  );
}

interface CheckTilesProps<T extends string> {
  options: ReadonlyArray<{ value: T; label: string; detail?: string }>;
  checked: ReadonlySet<NoInfer<T>>;
  onChecked(next: Set<NoInfer<T>>): void;
  /** Each box's test id is `${testIdPrefix}-${value}`. */
  testIdPrefix: string;
}

/**
 * Checkbox tiles, for the caller's fieldset, that are a single Tab stop (a roving tabindex): the
 * arrow keys, Home and End move between the boxes, Space ticks. They stay native checkboxes in
 * their group, so a screen reader announces each box, its state and the group's legend as before.
 */
export function CheckTiles<T extends string>({ options, checked, onChecked, testIdPrefix }: CheckTilesProps<T>) {
  const tiles = useRovingFocus<HTMLDivElement>(options.length, 'input[type="checkbox"]');

  const toggle = (value: T, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(value);
    else next.delete(value);
    onChecked(next);
  };

  return (
    <div className="indicator-tiles" ref={tiles.container} onKeyDown={tiles.onKeyDown}>
      {options.map((option, index) => (
        <Check
          key={option.value}
          label={option.label}
          detail={option.detail}
          checked={checked.has(option.value)}
          onChecked={(on) => toggle(option.value, on)}
          testId={`${testIdPrefix}-${option.value}`}
          tabIndex={index === tiles.stop ? 0 : -1}
          onFocus={() => tiles.onFocusAt(index)}
        />
      ))}
    </div>
  );
}

interface LabelledInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  testId?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A text input and its label, side by side in whatever layout holds them (no field wrapper, no hint). */
export function LabelledInput({ id, label, value, onValue, testId, className, ...rest }: LabelledInputProps) {
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={className ? `text-input ${className}` : 'text-input'}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={value}
        data-testid={testId}
        onChange={(event) => onValue(event.target.value)}
        {...rest}
      />
    </>
  );
}
