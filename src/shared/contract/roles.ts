import { z } from 'zod';

/** Who may do what is decided in main from these roles (DESIGN.md, "The people"). */
export const Role = z.enum(['screener', 'coordinator', 'admin']);
export type Role = z.infer<typeof Role>;

export const ALL_ROLES: readonly Role[] = Role.options;
