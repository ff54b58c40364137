import type { Bundle, Resource } from 'fhir/r4';

/** A searchset Bundle; `self` is the request URL so a client can repeat the search. */
export function searchset<T extends Resource>(opts: { resources: readonly (T & { id?: string })[]; self: string; next?: string; base: string; now: Date }): Bundle<T> {
  const link: Bundle['link'] = [{ relation: 'self', url: opts.self }, ...(opts.next ? [{ relation: 'next', url: opts.next }] : [])];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: opts.now.toISOString(),
    // Without a next link the page is the whole result; with one the total is unknown.
    ...(opts.next ? {} : { total: opts.resources.length }),
    link,
    ...(opts.resources.length > 0
      ? {
          entry: opts.resources.map((resource) => ({
            fullUrl: `${opts.base}/${resource.resourceType}/${resource.id ?? ''}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}
