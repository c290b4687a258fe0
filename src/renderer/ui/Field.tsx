import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  hint?: ReactNode;
  value: string;
  onValue(value: string): void;
  testId?: string;
}

/** A labelled text field with its hint read out with it; large enough for gloved hands. */
export function TextField({ label, hint, value, onValue, testId, className, ...rest }: TextFieldProps) {
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
      <input
        id={id}
        className={`text-input ${className ?? ''}`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
        value={value}
        data-testid={testId}
        onChange={(event) => onValue(event.target.value)}
        {...rest}
      />
    </div>
  );
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> {
  label: string;
  hint?: ReactNode;
  value: string;
  onValue(value: string): void;
  testId?: string;
}

export function TextAreaField({ label, hint, value, onValue, testId, ...rest }: TextAreaFieldProps) {
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
      <textarea
        id={id}
        className="text-input text-area"
        rows={3}
        aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
        value={value}
        data-testid={testId}
        onChange={(event) => onValue(event.target.value)}
        {...rest}
      />
    </div>
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
}

export function Check({ label, detail, checked, onChecked, testId }: CheckProps) {
  return (
    <label className={checked ? 'tile tile-check tile-selected' : 'tile tile-check'}>
      <input type="checkbox" checked={checked} data-testid={testId} onChange={(event) => onChecked(event.target.checked)} />
      <span className="tile-text">
        <span className="tile-label">{label}</span>
        {detail !== undefined && <span className="tile-detail">{detail}</span>}
      </span>
    </label>
  );
}
