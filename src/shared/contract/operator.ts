import { z } from 'zod';
import { Role } from './roles.ts';

export const Badge = z
  .string()
  .trim()
  .min(3, 'A badge code has at least 3 characters')
  .max(64, 'A badge code has at most 64 characters');
export const Pin = z.string().regex(/^[0-9]{4,12}$/, 'A PIN is 4 to 12 digits');
export const OperatorName = z.string().trim().min(1, 'Enter the operator’s name').max(120);

export const Operator = z.object({
  id: z.string(),
  badge: Badge,
  name: OperatorName,
  role: Role,
});
export type Operator = z.infer<typeof Operator>;
