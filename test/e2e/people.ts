// The station's people in the end-to-end tests: the first-run admin, a coordinator and a screener.
// Badges look like what a badge scanner reads; PINs are six digits, as the setup screen asks.
export const ADMIN = { badge: 'ADMIN-0001', name: 'Ada Okafor', pin: '135790' };
export const COORDINATOR = { badge: 'COORD-0002', name: 'Cara Mendes', pin: '246810' };
export const SCREENER = { badge: 'SCREEN-0003', name: 'Sam Lindqvist', pin: '112233' };
