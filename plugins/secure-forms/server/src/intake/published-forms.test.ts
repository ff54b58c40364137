import { PublishedForms } from './published-forms';

function setup(initial: string[]) {
  let published = initial;
  let now = 0;
  let loads = 0;
  let gate: Promise<void> | undefined;
  const forms = new PublishedForms({
    load: async () => {
      loads += 1;
      const snapshot = [...published];
      await gate;
      return snapshot;
    },
    ttlMs: 5_000,
    now: () => now,
  });
  return {
    forms,
    publish: (slugs: string[]) => (published = slugs),
    tick: (ms: number) => (now += ms),
    loads: () => loads,
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe('PublishedForms', () => {
  it('answers from one read until the time to live ends', async () => {
    const t = setup(['contact-us']);
    expect(await t.forms.has('contact-us')).toBe(true);
    expect(await t.forms.has('no-such-form')).toBe(false);
    t.publish([]);
    t.tick(4_999);
    expect(await t.forms.has('contact-us')).toBe(true);
    expect(t.loads()).toBe(1);
    t.tick(1);
    expect(await t.forms.has('contact-us')).toBe(false);
    expect(t.loads()).toBe(2);
  });

  it('refuses an unpublished form at once after an invalidation', async () => {
    const t = setup(['contact-us']);
    expect(await t.forms.has('contact-us')).toBe(true);
    t.publish([]);
    t.forms.invalidate();
    expect(await t.forms.has('contact-us')).toBe(false);
  });

  it('does not keep a read that an invalidation overtook', async () => {
    const t = setup(['contact-us']);
    const release = t.hold();
    const stale = t.forms.has('contact-us');
    t.publish([]);
    t.forms.invalidate();
    release();
    expect(await stale).toBe(true); // that request started before the change
    expect(await t.forms.has('contact-us')).toBe(false);
    expect(t.loads()).toBe(2);
  });
});
