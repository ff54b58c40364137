/**
 * The slugs of the published secure forms, read at most once per `ttlMs` instead
 * of once per submission. Publish, unpublish and delete in this process call
 * `invalidate()` (from the content type's lifecycle), so a form taken down here
 * is refused by the very next submission; other CMS instances on the same
 * database see the change within `ttlMs`.
 */
export class PublishedForms {
  private cached: { slugs: ReadonlySet<string>; until: number } | undefined;
  /** Bumped by every invalidation: a read that started before one must not be cached. */
  private generation = 0;

  constructor(
    private readonly deps: {
      load: () => Promise<string[]>;
      ttlMs: number;
      now: () => number;
    },
  ) {}

  async has(slug: string): Promise<boolean> {
    const now = this.deps.now();
    if (this.cached && this.cached.until > now) return this.cached.slugs.has(slug);
    const generation = this.generation;
    const slugs = new Set(await this.deps.load());
    if (generation === this.generation) this.cached = { slugs, until: now + this.deps.ttlMs };
    return slugs.has(slug);
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
  }
}
