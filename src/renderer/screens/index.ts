// What src/renderer/screens/ offers the rest of the renderer.
export { ConnectionBanner } from './ConnectionBanner.tsx';
export { DeviceBar } from './DeviceBar.tsx';
export { IntakeScreen } from './IntakeScreen.tsx';
export { LockScreen } from './LockScreen.tsx';
export { MainNav } from './MainNav.tsx';
export { ScreenCrashed } from './ScreenCrashed.tsx';
export { SetupScreen } from './SetupScreen.tsx';
export { SimulatedBanner } from './SimulatedBanner.tsx';
export { SimulatorDrawer } from './SimulatorDrawer.tsx';
export { StationHeader } from './StationHeader.tsx';
export { ConnectingScreen, NoTokenScreen, StartFailedScreen } from './WaitScreens.tsx';
