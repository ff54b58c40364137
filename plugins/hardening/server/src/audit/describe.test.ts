import { describeAdminRequest, describeTokenUse, type RequestFacts } from './describe';

const facts = (o: Partial<RequestFacts>): RequestFacts => ({
  method: 'POST',
  ip: '10.1.2.3',
  status: 200,
  params: {},
  hasBearer: true,
  user: { id: 4 },
  auth: { strategy: { name: 'admin' } },
  ...o,
});

describe('describeAdminRequest', () => {
  it('records a content publish with who, what and the outcome', () => {
    const r = describeAdminRequest(
      facts({ route: { handler: 'collection-types.publish', info: { pluginName: 'content-manager' } }, params: { model: 'api::faq.faq', id: 'doc1' } }),
    );
    expect(r).toEqual({ actorType: 'admin', actorId: '4', action: 'content-manager.collection-types.publish', subject: 'api::faq.faq', targetId: 'doc1', ip: '10.1.2.3', outcome: 'success', status: 200 });
  });

  it('uses the created id for a create and the ids of a bulk action', () => {
    expect(describeAdminRequest(facts({ route: { handler: 'collection-types.create', info: { pluginName: 'content-manager' } }, params: { model: 'api::faq.faq' }, createdId: 'new1', status: 201 }))?.targetId).toBe('new1');
    expect(describeAdminRequest(facts({ route: { handler: 'collection-types.bulkDelete', info: { pluginName: 'content-manager' } }, params: { model: 'api::faq.faq' }, bodyIds: ['a', 'b', { x: 1 }] }))?.targetId).toBe('a,b');
  });

  it('names admin models for user, role and token changes', () => {
    expect(describeAdminRequest(facts({ method: 'PUT', route: { handler: 'role.updatePermissions', info: { pluginName: 'admin' } }, params: { id: 3 } }))).toEqual(
      expect.objectContaining({ subject: 'admin::role', targetId: '3', action: 'admin.role.updatePermissions' }),
    );
    expect(describeAdminRequest(facts({ route: { handler: 'api-token.create', info: { pluginName: 'admin' } } }))?.subject).toBe('admin::api-token');
  });

  it('marks refusals as denied and errors as failures', () => {
    const route = { handler: 'collection-types.delete', info: { pluginName: 'content-manager' } };
    expect(describeAdminRequest(facts({ method: 'DELETE', route, status: 403 }))?.outcome).toBe('denied');
    expect(describeAdminRequest(facts({ method: 'DELETE', route, status: 400 }))?.outcome).toBe('failure');
  });

  it('skips reads and read-only POSTs of a signed-in admin', () => {
    expect(describeAdminRequest(facts({ method: 'GET', route: { handler: 'collection-types.find', info: { pluginName: 'content-manager' } } }))).toBeUndefined();
    expect(describeAdminRequest(facts({ route: { handler: 'permission.check', info: { pluginName: 'admin' } } }))).toBeUndefined();
  });

  it('records every use of an admin token, reads included', () => {
    const r = describeAdminRequest(facts({ method: 'GET', auth: { strategy: { name: 'admin-token' }, credentials: { id: 9 } }, route: { handler: 'collection-types.find', info: { pluginName: 'content-manager' } } }));
    expect(r).toEqual(expect.objectContaining({ actorType: 'admin-token', actorId: '9' }));
  });
});

describe('describeTokenUse', () => {
  it('records content-API use by an API token', () => {
    const r = describeTokenUse(facts({ method: 'GET', auth: { strategy: { name: 'content-api-token' }, credentials: { id: 2 } }, route: { handler: 'api::faq.faq.find', info: { apiName: 'faq' } } }));
    expect(r).toEqual(expect.objectContaining({ actorType: 'api-token', actorId: '2', action: 'api-token.use', subject: 'api::faq.faq.find', outcome: 'success' }));
  });

  it('records a rejected bearer token and ignores anonymous public reads', () => {
    expect(describeTokenUse(facts({ method: 'GET', auth: undefined, user: undefined, status: 401 }))?.action).toBe('api-token.rejected');
    expect(describeTokenUse(facts({ method: 'GET', auth: undefined, user: undefined, hasBearer: false }))).toBeUndefined();
  });
});
