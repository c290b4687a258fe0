import { lazy, Suspense, type ComponentProps } from 'react';

// The label preview draws its barcodes with bwip-js, most of the app's weight: it loads with the
// first label shown, not with the lock screen.
const LabelPanel = lazy(() => import('./LabelPanel.tsx').then((module) => ({ default: module.LabelPanel })));

export function LazyLabelPanel(props: ComponentProps<typeof LabelPanel>) {
  return (
    <Suspense fallback={<p className="muted">Drawing the label…</p>}>
      <LabelPanel {...props} />
    </Suspense>
  );
}
