import adminShell from './admin-shell';
import rateLimit from './rate-limit';
import securityHeaders from './security-headers';

export default {
  'admin-shell': adminShell,
  'security-headers': securityHeaders,
  'rate-limit': rateLimit,
};
