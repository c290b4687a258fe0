// The loopback web host: the station's contract over HTTP + WebSocket for a browser kiosk.
export { startWebHost, type RunningWebHost, type WebHostOptions } from './webHost.ts';
