import clock from './clock';
import guard from './guard';
import rateLimiter from './rate-limiter';

export default {
  clock,
  guard,
  'rate-limiter': rateLimiter,
};
