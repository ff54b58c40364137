import adminFactors from './admin-factors';
import audit from './audit';
import auditRetention from './audit-retention';
import auditVerify from './audit-verify';
import clock from './clock';
import dormant from './dormant';
import guard from './guard';
import maintenance from './maintenance';
import mfaSessions from './mfa-sessions';
import rateLimiter from './rate-limiter';

export default {
  'admin-factors': adminFactors,
  audit,
  'audit-verify': auditVerify,
  'audit-retention': auditRetention,
  clock,
  dormant,
  guard,
  maintenance,
  'mfa-sessions': mfaSessions,
  'rate-limiter': rateLimiter,
};
