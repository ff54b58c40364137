import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';

let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms({ CMS_CORS_ORIGINS: 'https://www.clinic.example' });
});
afterAll(async () => {
  await cms?.stop();
});

const directive = (csp: string | undefined, name: string) => (csp ?? '').split('; ').find((d) => d.split(' ')[0] === name);

describe('security headers', () => {
  it('the admin page gets a CSP that forbids framing and foreign or inline script', async () => {
    const res = await http().get('/admin');
    const csp = res.headers['content-security-policy'];
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['permissions-policy']).toContain('camera=()');
  });

  it('the admin shell loads the preload script first, from this origin', async () => {
    const shell = await http().get('/admin/content-manager').expect(200);
    expect(shell.text).toMatch(/^<!DOCTYPE html><html[^>]*><head><script src="\/admin\/mfa\/panel-preload"><\/script>/i);
    const preload = await http().get('/admin/mfa/panel-preload').expect(200);
    expect(preload.headers['content-type']).toMatch(/javascript/);
    expect(preload.text).toContain('jitless = true');
  });

  it('the content API answers with a CSP that allows nothing', async () => {
    const res = await http().get('/api/service-pages').expect(200);
    expect(directive(res.headers['content-security-policy'], 'default-src')).toBe("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends no HSTS outside production', async () => {
    const res = await http().get('/api/service-pages');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('CORS', () => {
  it('allows the configured public site origin', async () => {
    const res = await http().get('/api/service-pages').set('Origin', 'https://www.clinic.example');
    expect(res.headers['access-control-allow-origin']).toBe('https://www.clinic.example');
  });

  it('does not allow another origin', async () => {
    const res = await http().get('/api/service-pages').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
