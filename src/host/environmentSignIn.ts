import { normalizePaletteHost, DEFAULT_PALETTE_HOST } from '../core/connections/hostUrl';
import type { ConnectionStore } from '../core/connections/connectionStore';
import type { Logger } from './logger';
import { describeForLog, type PaletteSession } from './session/paletteSession';

/**
 * Adopts `SPECTROCLOUD_APIKEY` (and `SPECTROCLOUD_HOST`), the variables the Terraform provider
 * and Palette's MCP server read, as a first connection when none is saved yet. Only then: a
 * saved connection always wins, and a failure is logged, not shown, since nobody asked for it.
 */
export async function signInFromEnvironment(
  env: NodeJS.ProcessEnv,
  store: ConnectionStore,
  session: PaletteSession,
  log: Logger,
): Promise<boolean> {
  const apiKey = (env.SPECTROCLOUD_APIKEY ?? env.PALETTE_API_KEY)?.trim();
  if (!apiKey) return false;
  if ((await store.read()).connections.length > 0) return false;
  const host = normalizePaletteHost(env.SPECTROCLOUD_HOST ?? env.PALETTE_HOST ?? DEFAULT_PALETTE_HOST);
  if (!host.ok) {
    log.warn(`SPECTROCLOUD_HOST is not usable: ${host.message}`);
    return false;
  }
  try {
    await session.signIn({ baseUrl: host.baseUrl, credential: { kind: 'apiKey', apiKey } });
    log.info(`signed in from the environment (SPECTROCLOUD_APIKEY) to ${new URL(host.baseUrl).host}`);
    return true;
  } catch (e) {
    log.warn(`could not sign in from the environment: ${describeForLog(e)}`);
    return false;
  }
}
