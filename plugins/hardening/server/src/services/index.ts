import adminFactors from './admin-factors';
import audit from './audit';
import auditRetention from './audit-retention';
import auditVerify from './audit-verify';
import clock from './clock';
import guard from './guard';
import mfaSessions from './mfa-sessions';
import rateLimiter from './rate-limiter';

export default {
  'admin-factors': adminFactors,
  audit,
  'audit-verify': auditVerify,
  'audit-retention': auditRetention,
  clock,
  guard,
  'mfa-sessions': mfaSessions,
  'rate-limiter': rateLimiter,
};
