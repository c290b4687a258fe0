// The loopback web host: the station's contract over HTTP + WebSocket for a browser kiosk.
export { CLOSE_TOO_SLOW, startWebHost, type RunningWebHost, type WebHostLoad, type WebHostOptions } from './webHost.ts';
