import type { Role } from '../../shared/contract/index.ts';

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  screener: 'Screener',
  coordinator: 'Coordinator',
  admin: 'Admin',
};
