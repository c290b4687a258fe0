export type IconKind = 'online' | 'offline' | 'fault' | 'info';

/** Shapes that differ, so state never rests on colour alone. Decorative: the word beside it carries the meaning. */
export function Icon({ kind }: { kind: IconKind }) {
  return (
    <svg className={`icon icon-${kind}`} viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      {kind === 'online' && (
        <>
          <circle cx="12" cy="12" r="10" fill="currentColor" />
          <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {kind === 'offline' && (
        <>
          <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2.6" />
          <path d="M5.6 18.4L18.4 5.6" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" />
        </>
      )}
      {kind === 'fault' && (
        <>
          <path d="M12 2.5L23 21.5H1z" fill="currentColor" />
          <path d="M12 9v6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
          <circle cx="12" cy="18.2" r="1.5" fill="#fff" />
        </>
      )}
      {kind === 'info' && (
        <>
          <circle cx="12" cy="12" r="10" fill="currentColor" />
          <path d="M12 11v6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
          <circle cx="12" cy="7.2" r="1.5" fill="#fff" />
        </>
      )}
    </svg>
  );
}
