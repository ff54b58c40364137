import adminFactor from './admin-factor';
import auditEvent from './audit-event';
import mfaSession from './mfa-session';

export default {
  'audit-event': auditEvent,
  'admin-factor': adminFactor,
  'mfa-session': mfaSession,
};
