import { createLogger } from './logging';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(l) } as never);
  return { logger, text: () => lines.join('') };
}

describe('portal logger', () => {
  it('redacts secrets at any of the first three levels and auth headers', () => {
    const { logger, text } = capture();
    logger.info({ password: 'pw-CANARY', body: { code: '123456-CANARY', nested: { token: 'tok-CANARY' } }, key: 'key-CANARY' }, 'x');
    logger.info({ req: { headers: { authorization: 'Bearer CANARY', cookie: 'sid=CANARY', signature: 'sig1=:CANARY:' } } }, 'y');
    expect(text()).not.toContain('CANARY');
    expect(text()).toContain('[redacted]');
  });

  it('logs a database error by code and constraint, never its detail (which quotes row values)', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error('duplicate key value violates unique constraint "staff_email_key"'), {
      code: '23505',
      constraint: 'staff_email_key',
      detail: 'Key (email)=(jane.CANARY@example.org) already exists.',
    });
    logger.error({ err }, 'failed');
    expect(text()).toContain('staff_email_key');
    expect(text()).toContain('23505');
    expect(text()).not.toContain('CANARY');
  });
});
