import type { FastifyPluginAsync } from 'fastify';

/** Staff API routes (auth, submissions, administration, audit). Filled by the identity-and-access work. */
const staffApi: FastifyPluginAsync = async () => {};
export default staffApi;
