import './zodJitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './workflow.css';
import { App } from './App.tsx';
import { ScanTargetsProvider } from './scan/index.ts';
import { ScreenCrashed } from './screens/index.ts';
import { createStationClient, pickTransport, StationProvider } from './station/index.ts';

// One link for the life of the page, outside React, so re-renders never reconnect.
const client = createStationClient(pickTransport());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ScreenCrashed>
      <StationProvider client={client}>
        <ScanTargetsProvider>
          <App />
        </ScanTargetsProvider>
      </StationProvider>
    </ScreenCrashed>
  </StrictMode>,
);
