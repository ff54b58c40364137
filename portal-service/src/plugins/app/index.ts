import fp from 'fastify-plugin';

/**
 * Application plugins (repositories, session, authorization), registered after
 * the external ones. Filled by the identity-and-access work.
 */
export default fp(async () => {}, { name: 'palisade-app-plugins' });
