import type { AttributeShape, SchemaSnapshot } from './violations';

type RawAttributes = Record<string, { type?: unknown; component?: unknown; enum?: unknown }>;
interface RawModel {
  attributes?: RawAttributes;
}

function shape(attrs: RawAttributes | undefined): Record<string, AttributeShape> {
  const out: Record<string, AttributeShape> = {};
  for (const [name, a] of Object.entries(attrs ?? {})) {
    out[name] = {
      type: typeof a?.type === 'string' ? a.type : 'unknown',
      ...(typeof a?.component === 'string' ? { component: a.component } : {}),
      ...(Array.isArray(a?.enum) ? { enum: a.enum.map(String) } : {}),
    };
  }
  return out;
}

/** The schema Strapi has loaded: application content types and components. */
export function snapshotOf(contentTypes: Record<string, RawModel>, components: Record<string, RawModel>): SchemaSnapshot {
  return {
    contentTypes: Object.entries(contentTypes).map(([uid, m]) => ({ uid, attributes: shape(m.attributes) })),
    components: Object.entries(components).map(([uid, m]) => ({ uid, attributes: shape(m.attributes) })),
  };
}

interface ChangeAttribute {
  action?: string;
  name?: string;
  properties?: { type?: unknown; component?: unknown; enum?: unknown };
}
interface ChangeModel {
  action?: string;
  uid?: string;
  attributes?: ChangeAttribute[];
}

function applyChanges(current: SchemaSnapshot['contentTypes'], changes: ChangeModel[]): SchemaSnapshot['contentTypes'] {
  const byUid = new Map(current.map((m) => [m.uid, m]));
  for (const change of changes) {
    if (typeof change.uid !== 'string') continue;
    if (change.action === 'delete') {
      byUid.delete(change.uid);
      continue;
    }
    // The builder replaces the attribute list on update: what is not deleted is the new schema.
    const kept = (change.attributes ?? []).filter((a) => a.action !== 'delete' && typeof a.name === 'string');
    const attrs: RawAttributes = Object.fromEntries(kept.map((a) => [a.name as string, a.properties ?? {}]));
    byUid.set(change.uid, { uid: change.uid, attributes: shape(attrs) });
  }
  return [...byUid.values()];
}

/**
 * The schema as it would be after a content-type builder `update-schema` call
 * (`{ data: { contentTypes, components } }`), so the guard can refuse the save
 * before a single file is written.
 */
export function projectUpdateSchema(current: SchemaSnapshot, body: unknown): SchemaSnapshot {
  const data = (body as { data?: { contentTypes?: ChangeModel[]; components?: ChangeModel[] } } | undefined)?.data ?? {};
  return {
    contentTypes: applyChanges(current.contentTypes, Array.isArray(data.contentTypes) ? data.contentTypes : []),
    components: applyChanges(current.components, Array.isArray(data.components) ? data.components : []),
  };
}

interface LegacyModel {
  singularName?: unknown;
  category?: unknown;
  displayName?: unknown;
  attributes?: RawAttributes;
}

const snake = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/**
 * The older builder endpoints (`POST/PUT /content-types`, `POST/PUT /components`)
 * send one model with attributes as an object; project them the same way.
 */
export function projectLegacyChange(
  current: SchemaSnapshot,
  change: { kind: 'contentType' | 'component'; uid?: string; body: unknown },
): SchemaSnapshot {
  const body = (change.body ?? {}) as { contentType?: LegacyModel; component?: LegacyModel; components?: Array<LegacyModel & { uid?: unknown }> };
  const model = change.kind === 'contentType' ? body.contentType : body.component;
  let uid = change.uid;
  if (!uid && model) {
    uid =
      change.kind === 'contentType' && typeof model.singularName === 'string'
        ? `api::${model.singularName}.${model.singularName}`
        : typeof model.category === 'string' && typeof model.displayName === 'string'
          ? `${model.category}.${snake(model.displayName)}`
          : undefined;
  }
  const next: SchemaSnapshot = { contentTypes: [...current.contentTypes], components: [...current.components] };
  const put = (list: SchemaSnapshot['contentTypes'], id: string, attrs: RawAttributes | undefined) => {
    const i = list.findIndex((m) => m.uid === id);
    const entry = { uid: id, attributes: shape(attrs) };
    if (i >= 0) list[i] = entry;
    else list.push(entry);
  };
  if (uid && model) put(change.kind === 'contentType' ? next.contentTypes : next.components, uid, model.attributes);
  for (const c of body.components ?? []) {
    const cuid = typeof c.uid === 'string' ? c.uid : typeof c.category === 'string' && typeof c.displayName === 'string' ? `${c.category}.${snake(c.displayName)}` : undefined;
    if (cuid) put(next.components, cuid, c.attributes);
  }
  return next;
}
