// What src/renderer/labels/ offers the rest of the renderer.
export { LabelPreview } from './LabelPreview.tsx';
