import { safeNext } from './next';

describe('where the portal goes after sign-in', () => {
  it.each(['/inbox', '/submissions/0b6c1f57-8d5e-4a0e-9d43-7e3c2f1a9b10', '/audit?actor=x'])('follows the portal path %s', (p) => {
    expect(safeNext(p)).toBe(p);
  });

  it.each(['https://evil.example/', '//evil.example/inbox', '/\\evil.example', '/api/me', 'inbox', '', null, '/in\nbox', 'javascript:alert(1)'])(
    'refuses %p, so a crafted sign-in link cannot send anyone elsewhere',
    (p) => {
      expect(safeNext(p)).toBeNull();
    },
  );
});
