import { contentSecurityPolicy, profileFor, securityHeaders, type HeaderOptions } from './policies';

const opts = (o: Partial<HeaderOptions> = {}): HeaderOptions => ({
  production: false,
  hsts: true,
  connectOrigins: ['http://patient.localhost:4000'],
  mediaOrigins: [],
  viteWatch: false,
  ...o,
});

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.split(' ')[0] === name);

describe('security headers', () => {
  it('classifies paths', () => {
    expect(profileFor('/admin')).toBe('admin');
    expect(profileFor('/admin/mfa')).toBe('admin');
    expect(profileFor('/administrator')).toBe('site');
    expect(profileFor('/api/service-pages')).toBe('api');
    expect(profileFor('/uploads/x.svg')).toBe('api');
    expect(profileFor('/')).toBe('site');
  });

  it('the admin may run only its own scripts and may not be framed', () => {
    const csp = contentSecurityPolicy('admin', opts());
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
  });

  it('only the Vite watch mode relaxes the admin script policy', () => {
    expect(directive(contentSecurityPolicy('admin', opts({ viteWatch: true })), 'script-src')).toContain("'unsafe-inline'");
  });

  it('JSON and uploads get a policy that allows nothing', () => {
    const csp = contentSecurityPolicy('api', opts());
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(csp).toContain('sandbox');
  });

  it('public pages may reach the portal key set and compile libsodium, nothing else', () => {
    const csp = contentSecurityPolicy('site', opts());
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' http://patient.localhost:4000");
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('sends HSTS only in production and only when enabled', () => {
    expect(securityHeaders('/api/x', opts())['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('/api/x', opts({ production: true }))['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders('/api/x', opts({ production: true, hsts: false }))['Strict-Transport-Security']).toBeUndefined();
  });

  it('always sends nosniff, a referrer policy and a permissions policy', () => {
    const h = securityHeaders('/', opts());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
    expect(h['Permissions-Policy']).toContain('camera=()');
  });
});
