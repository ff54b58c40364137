import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import { hashedPart, toRow } from './record';

describe('audit rows', () => {
  it('hash the same after a database round trip (numbers as strings, nulls kept)', () => {
    const row = toRow({ actorType: 'admin', actorId: 7, action: 'content-manager.collection-types.create', subject: 'api::faq.faq', targetId: 'abc', ip: '10.0.0.1', outcome: 'success', status: 201 }, 12, new Date('2026-01-02T03:04:05.678Z'));
    const fromDb = { ...row, id: 99, documentId: 'x', seq: '12', status: '201', createdAt: new Date(), prevHash: 'p', hash: 'h' };
    expect(chainHash(GENESIS_HASH, hashedPart(fromDb))).toEqual(chainHash(GENESIS_HASH, row));
  });

  it('keeps only short identifiers', () => {
    const row = toRow({ actorType: 'anonymous', action: 'x', targetId: 'a'.repeat(1000), outcome: 'failure' }, 1, new Date());
    expect(row.targetId).toHaveLength(255);
    expect(row.actorId).toBeNull();
    expect(Object.keys(row).sort()).toEqual(['action', 'actorId', 'actorType', 'at', 'ip', 'outcome', 'seq', 'status', 'subject', 'targetId']);
  });
});
