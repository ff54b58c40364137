import { bucketFor, limitFor } from './rules';

describe('rate-limit buckets', () => {
  it('counts admin sign-in steps, the intake and the public API separately', () => {
    expect(bucketFor('POST', '/admin/login')).toBe('admin-auth');
    expect(bucketFor('POST', '/admin/login/')).toBe('admin-auth');
    expect(bucketFor('POST', '/admin/mfa/verify')).toBe('admin-auth');
    expect(bucketFor('POST', '/admin/reset-password')).toBe('admin-auth');
    expect(bucketFor('POST', '/api/secure-forms/submissions')).toBe('intake');
    expect(bucketFor('GET', '/api/service-pages')).toBe('public');
    expect(bucketFor('GET', '/api/secure-forms/submissions')).toBe('public');
  });

  it('leaves the signed-in admin and static files alone', () => {
    expect(bucketFor('GET', '/admin/users/me')).toBeUndefined();
    expect(bucketFor('POST', '/content-manager/collection-types/api::faq.faq')).toBeUndefined();
    expect(bucketFor('GET', '/uploads/a.png')).toBeUndefined();
    expect(bucketFor('GET', '/admin/login')).toBeUndefined();
  });

  it('reads each limit from config', () => {
    const c = { publicPerMinute: 300, intakePerMinute: 10, adminLoginPerMinute: 5, keyPrefix: 'x' };
    expect([limitFor('public', c), limitFor('intake', c), limitFor('admin-auth', c)]).toEqual([300, 10, 5]);
  });
});
