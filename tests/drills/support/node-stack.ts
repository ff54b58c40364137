import dns from 'node:dns/promises';
import { startStack, type Stack } from '../../helpers/stack';

async function resolves(host: string): Promise<boolean> {
  try {
    await dns.lookup(host);
    return true;
  } catch {
    return false;
  }
}

/**
 * startStack() for tests that talk to the stack from Node only. The stack
 * names the portal http://patient.localhost:<port>, which browsers resolve by
 * themselves but the system resolver here may not (glibc without
 * nss-myhostname): then the CMS could not fetch the key set from the portal's
 * public URL. In that case the CMS is restarted once with the loopback address.
 */
export async function startNodeStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack(extraEnv);
  const host = new URL(stack.portalUrl).hostname;
  if (!(await resolves(host))) {
    stack.env.CMS_PORTAL_PUBLIC_URL = stack.portalUrl.replace(host, '127.0.0.1');
    await stack.restart('cms');
  }
  return stack;
}
