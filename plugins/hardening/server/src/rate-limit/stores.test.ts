import { MemoryStore } from './stores';

describe('MemoryStore', () => {
  it('counts within a window and starts over after it', async () => {
    let now = 1_000_000;
    const store = new MemoryStore(() => now);
    expect(await store.hit('k', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
    now += 10_000;
    expect(await store.hit('k', 60_000)).toEqual({ count: 2, resetMs: 50_000 });
    expect((await store.hit('other', 60_000)).count).toBe(1);
    now += 50_000;
    expect(await store.hit('k', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
  });
});
