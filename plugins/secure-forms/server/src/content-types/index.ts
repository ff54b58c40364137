/**
 * None on purpose: the outbox and shred log are plain tables (outbox/tables.ts),
 * so no content API, content manager, history or document hook can reach them.
 */
export default {};
