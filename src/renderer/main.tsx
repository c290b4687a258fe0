import './zodJitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './workflow.css';
import { App } from './App.tsx';
import { ConsoleApp, ConsoleProvider, createConsoleClient, isConsoleAddress } from './console/index.ts';
import { ScanTargetsProvider } from './scan/index.ts';
import { ScreenCrashed } from './screens/index.ts';
import { createStationClient, pickTransport, StationProvider } from './station/index.ts';

// One link for the life of the page, outside React, so re-renders never reconnect.
const transport = pickTransport();
const client = createStationClient(transport);
// The site console's address (`site serve`) opens the same screens in their site mode.
const siteMode = isConsoleAddress(location.hash);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ScreenCrashed>
      <StationProvider client={client}>
        {siteMode ? (
          <ConsoleProvider client={createConsoleClient(transport)}>
            <ConsoleApp />
          </ConsoleProvider>
        ) : (
          <ScanTargetsProvider>
            <App />
          </ScanTargetsProvider>
        )}
      </StationProvider>
    </ScreenCrashed>
  </StrictMode>,
);
