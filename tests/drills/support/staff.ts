import path from 'node:path';
import type { Stack } from '../../helpers/stack';
import type { StaffSession } from '../../verify/http';
import { loadProbes, probeLabel, signIn, type ProbeAccount } from '../../verify/probes';
import { loopback } from './envelopes';

/** The development accounts the portal wrote on its first start in this stack's PALISADE_HOME. */
export function devAccounts(stack: Stack): ProbeAccount[] {
  return loadProbes(path.join(stack.home, 'dev-staff.json'));
}

export function devAccount(stack: Stack, label: string): ProbeAccount {
  const found = devAccounts(stack).find((a) => probeLabel(a) === label);
  if (!found) throw new Error(`no development account ${label} in ${stack.home}/dev-staff.json`);
  return found;
}

/** Password + TOTP through the staff API. A TOTP code is single-use: at most two sign-ins per account per 30 s step. */
export async function signInAs(stack: Stack, label: string): Promise<StaffSession> {
  return signIn(loopback(stack.portalUrl), devAccount(stack, label));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` returns a value other than undefined, or throws after `ms`. */
export async function eventually<T>(ms: number, fn: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(500);
  }
}
