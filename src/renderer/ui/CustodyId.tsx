/**
 * A custody ID in three groups, so an operator can read it aloud and compare it with a label.
 * The text content stays exactly XXX-XXX-XXX, so copying and searching still work.
 */
export function CustodyId({ value, testId }: { value: string; testId?: string }) {
  const groups = value.split('-');
  return (
    <span className="custody-id" data-testid={testId}>
      {groups.map((group, index) => (
        <span key={index}>
          {index > 0 && <span className="custody-id-dash">-</span>}
          <span className="custody-id-group">{group}</span>
        </span>
      ))}
    </span>
  );
}
