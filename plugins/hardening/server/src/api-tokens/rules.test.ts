import { tokenRefusal } from './rules';

const DAY = 86_400_000;

describe('API token rules', () => {
  it('refuses a full-access content-API token, even with an expiry', () => {
    expect(tokenRefusal('content-api', { type: 'full-access', lifespan: 7 * DAY }, 'create')).toMatch(/Full-access/);
    expect(tokenRefusal('content-api', { type: 'full-access' }, 'update')).toMatch(/Full-access/);
  });

  it('refuses a token that never expires, of any kind', () => {
    for (const kind of ['content-api', 'admin', 'transfer'] as const) {
      expect(tokenRefusal(kind, { type: 'read-only', lifespan: null }, 'create')).toMatch(/must expire/);
      expect(tokenRefusal(kind, { type: 'read-only' }, 'create')).toMatch(/must expire/);
    }
    expect(tokenRefusal('content-api', { lifespan: null }, 'update')).toMatch(/must expire/);
  });

  it('accepts a read-only or custom token with an expiry, and updates that leave the expiry alone', () => {
    expect(tokenRefusal('content-api', { type: 'read-only', lifespan: 30 * DAY }, 'create')).toBeUndefined();
    expect(tokenRefusal('content-api', { type: 'custom', lifespan: 7 * DAY }, 'create')).toBeUndefined();
    expect(tokenRefusal('content-api', { type: 'custom' }, 'update')).toBeUndefined();
    expect(tokenRefusal('admin', { lifespan: 90 * DAY }, 'create')).toBeUndefined();
  });
});
