// The renderer's site mode: the security office's console (`site serve`). Its screens are listed in
// consoleScreens.tsx, one component each.
export { ConsoleApp } from './ConsoleApp.tsx';
export { ConsoleProvider } from './ConsoleContext.tsx';
export { isConsoleAddress } from './consoleAddress.ts';
export { createConsoleClient, type ConsoleClient } from './consoleClient.ts';
