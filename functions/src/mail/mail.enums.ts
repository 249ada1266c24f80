/** Why a connection to a mail server failed, as the account test and the poll report it (zod-free, for the SPA too). */
export const failureReasons = ['not_allowed', 'unreachable', 'refused', 'timeout', 'tls_failed', 'auth_failed', 'protocol'] as const;
export type FailureReason = (typeof failureReasons)[number];
