/** The signed-in admin holds the Super Admin role (Strapi's `strapi-super-admin`). */
export default (policyContext: { state: { user?: { roles?: Array<{ code?: string }> } } }) =>
  policyContext.state.user?.roles?.some((r) => r.code === 'strapi-super-admin') === true;
