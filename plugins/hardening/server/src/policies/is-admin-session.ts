/**
 * The request is authenticated by a signed-in admin's session, not by an admin
 * token: the second factor belongs to a person's sign-in.
 */
export default (policyContext: { state: { auth?: { strategy?: { name?: string } } } }) => policyContext.state.auth?.strategy?.name === 'admin';
