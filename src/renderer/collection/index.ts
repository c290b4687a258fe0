// What src/renderer/collection/ offers the rest of the renderer: the collection counter.
export { CollectionScreen } from './CollectionScreen.tsx';
