import { useId, useState, type ChangeEvent } from 'react';
import { MAX_DIRECTORY_SCREEN_BYTES, REMOVE_EVERYONE_CONFIRMATION, type CommandResponse } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { Check, ErrorNotice } from '../ui/index.ts';
import { readDirectoryFile, type DirectoryFile } from './directoryFile.ts';
import './directory.css';

type DirectoryImport = CommandResponse<'directory.import'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The site admin's directory import: a CSV export chosen, previewed against the directory (the
 * CLI's preview: who is added, changed, removed; rows that cannot be applied, by line), then applied
 * whole. A file with a bad row is not applied; one that removes everyone needs a second yes.
 */
export function DirectoryPanel() {
  const station = useStation();
  const action = useAction();
  const fileId = useId();
  const [chosen, setChosen] = useState<DirectoryFile | null>(null);
  const [preview, setPreview] = useState<DirectoryImport | null>(null);
  const [removeAll, setRemoveAll] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPreview(null);
    setChosen(null);
    setDone(null);
    setRemoveAll(false);
    if (!file) return;
    const read = await action.run(() => readDirectoryFile(file));
    if (!read) return;
    const result = await action.run(() => station.call('directory.import', { ...read, apply: false }));
    if (!result) return;
    setChosen(read);
    setPreview(result);
  };

  const apply = async () => {
    if (!chosen || !preview || action.busy) return;
    const result = await action.run(() => station.call('directory.import', { ...chosen, apply: true, ...(removeAll ? { allowRemovingAll: true } : {}) }));
    if (!result) return;
    setPreview(result);
    if (result.applied) {
      setDone(`Applied ${chosen.fileName}: ${plural(result.added, 'person', 'people')} added, ${result.changed} changed, ${result.removed} removed.`);
      setChosen(null);
    }
  };

  const blocked = preview !== null && (preview.problems.length > 0 || (preview.removesEveryone && !removeAll));

  return (
    <section className="panel admin-panel directory-panel" aria-labelledby="directory-title" data-testid="directory-panel">
      <h2 id="directory-title">Recipient directory</h2>
      <p className="field-hint">
        Import the directory export (CSV, up to {Math.floor(MAX_DIRECTORY_SCREEN_BYTES / 1024)} KB). You see what would change before anything is applied. Bigger files: the CLI
        (directory import).
      </p>
      <label className="field-label" htmlFor={fileId}>
        Directory file (CSV)
      </label>
      <input id={fileId} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={onFile} disabled={action.busy} data-testid="directory-file" />
      <ErrorNotice error={action.error} />
      <p role="status" className="form-done" data-testid="directory-done">
        {done}
      </p>
      {preview !== null && (
        <div data-testid="directory-preview" data-added={preview.added} data-changed={preview.changed} data-removed={preview.removed} data-problems={preview.problems.length} data-bad-rows={preview.badRows}>
          <p data-testid="directory-summary">
            {preview.applied ? 'Applied' : 'If applied'}: {plural(preview.added, 'person', 'people')} added, {preview.changed} changed, {preview.removed} removed, {preview.unchanged} unchanged ({plural(preview.rows, 'row')}
            {preview.badRows > 0 ? `, ${preview.badRows} that cannot be applied` : ''}).
          </p>
          {preview.refusal !== null && (
            <p className="notice notice-error" role="alert" data-testid="directory-refusal">
              {preview.refusal}
            </p>
          )}
          {preview.problems.length > 0 && (
            <div role="alert">
              <p className="notice-title">{plural(preview.badRows, 'row')} cannot be applied: correct the file and choose it again.</p>
              <ul className="directory-problems" data-testid="directory-problems" tabIndex={0} aria-label="Rows that cannot be applied">
                {preview.problems.map((problem) => (
                  <li key={`${problem.line}-${problem.key}`} data-testid="directory-problem" data-line={problem.line}>
                    Line {problem.line}
                    {problem.key ? ` (${problem.key})` : ''}: {problem.problem}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="directory-changes">
            <ChangeList title="Added" testId="directory-added" people={preview.addedPeople.map((p) => `${p.name} (${p.key})`)} />
            <ChangeList title="Changed" testId="directory-changed" people={preview.changedPeople.map((p) => `${p.name} (${p.key}): ${p.fields.join(', ')}`)} />
            <ChangeList title="Removed" testId="directory-removed" people={preview.removedPeople.map((p) => `${p.name} (${p.key})`)} />
          </div>
          {!preview.applied && preview.removesEveryone && (
            <Check label={REMOVE_EVERYONE_CONFIRMATION} checked={removeAll} onChecked={setRemoveAll} testId="directory-remove-all" />
          )}
          {!preview.applied && chosen !== null && (
            <div className="form-actions">
              <button type="button" className="button button-primary" disabled={action.busy || blocked} onClick={apply} data-testid="directory-apply">
                {action.busy ? 'Applying…' : `Apply ${chosen.fileName}`}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function ChangeList({ title, people, testId }: { title: string; people: string[]; testId: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {people.length === 0 ? (
        <p className="field-hint">None.</p>
      ) : (
        <ul data-testid={testId} tabIndex={0} aria-label={title}>
          {people.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
