import { decodeCursor, encodeCursor } from './cursor';

describe('inbox cursor', () => {
  it('round-trips PostgreSQL timestamps with microseconds', () => {
    const c = { receivedAt: '2031-02-01 00:00:04.123456+00', id: '0a6b0a0e-3c5f-4a43-9a0c-9a0a0a0a0a0a' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('refuses anything it did not make', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["yesterday","x"]').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from(`["2031-02-01 00:00:04+00","'; drop table x"]`).toString('base64url'))).toBeUndefined();
  });
});
