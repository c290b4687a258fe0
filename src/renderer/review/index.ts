// What src/renderer/review/ offers the rest of the renderer: the site's review queue (remote second review).
export { SiteReviewScreen } from './SiteReviewScreen.tsx';
export { latestOf, useQueuedScanImage, type QueuedScanImage } from './useQueuedScanImage.ts';
export { findingWords, RemoteReviewForm, type SecondReview } from './RemoteReviewForm.tsx';
