import rateLimit from './rate-limit';
import securityHeaders from './security-headers';

export default {
  'security-headers': securityHeaders,
  'rate-limit': rateLimit,
};
