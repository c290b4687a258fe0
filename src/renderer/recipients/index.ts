// What src/renderer/recipients/ offers the rest of the renderer: the recipient picker, the items
// to return to sender, and the security coordinator's alert.
export { RecipientPicker } from './RecipientPicker.tsx';
export { useChooseRecipient, type ChooseRecipient } from './useChooseRecipient.ts';
export { ReturnToSenderList } from './ReturnToSenderList.tsx';
export { SecurityAlertBanner } from './SecurityAlertBanner.tsx';
