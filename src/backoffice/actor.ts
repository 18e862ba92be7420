import type { BackOfficeUser } from '../domain/back-office-user.js';
import type { AuditActor } from '../ports/audit-log.js';

/** The signed-in user a use case acts for, and where the request came from (for the audit log). */
export interface Actor {
  user: BackOfficeUser;
  address?: string | undefined;
}

export const auditActor = ({ user }: Actor): AuditActor => ({ kind: 'user', userId: user.id, email: user.email });
