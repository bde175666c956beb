/**
 * Who is clicking: users.info (real name, locale, e-mail) cached briefly, so a burst of clicks
 * costs one Web API call. If Slack cannot tell us, the payload's own user id and team still
 * identify explicit members and whole workspaces.
 */
import type { webApi } from './sdk.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PlatformUser } from '../../src/core/identity.js';
import type { SlackUserRef } from './parse.js';

const userInfoSchema = z.looseObject({
  user: z.looseObject({
    id: z.string(),
    team_id: z.string().optional(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    locale: z.string().optional(),
    is_bot: z.boolean().optional(),
    enterprise_user: z.looseObject({ enterprise_id: z.string().optional() }).optional(),
    profile: z
      .looseObject({
        real_name: z.string().optional(),
        display_name: z.string().optional(),
        email: z.string().optional(),
      })
      .optional(),
  }),
});

export interface SlackUsers {
  platformUser(ref: SlackUserRef): Promise<PlatformUser>;
}

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;

export function createSlackUsers(client: webApi.WebClient, logger: Logger, now: () => number = Date.now): SlackUsers {
  const cache = new Map<string, { at: number; user: PlatformUser }>();

  /** Null when Slack could not tell us (not cached, so the next click tries again). */
  async function lookUp(ref: SlackUserRef): Promise<PlatformUser | null> {
    try {
      const raw = await client.users.info({ user: ref.userId, include_locale: true });
      const parsed = userInfoSchema.safeParse(raw);
      if (!parsed.success) return null;
      const u = parsed.data.user;
      const name = u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || ref.name;
      return {
        platform: 'slack',
        userId: ref.userId,
        name,
        // Slack's own record of the user wins over the payload's workspace (Slack Connect, Grid).
        workspaceId: u.team_id ?? ref.teamId,
        ...((u.enterprise_user?.enterprise_id ?? ref.enterpriseId) ? { enterpriseId: u.enterprise_user?.enterprise_id ?? ref.enterpriseId } : {}),
        email: u.profile?.email || undefined,
        locale: u.locale,
      };
    } catch (error) {
      logger.warn({ err: error, platform: 'slack' }, 'users.info failed; identifying by id and workspace only');
      return null;
    }
  }

  return {
    async platformUser(ref) {
      const hit = cache.get(ref.userId);
      if (hit && now() - hit.at < TTL_MS) return hit.user;
      const user = await lookUp(ref);
      if (!user) return { platform: 'slack', userId: ref.userId, workspaceId: ref.teamId, name: ref.name, ...(ref.enterpriseId ? { enterpriseId: ref.enterpriseId } : {}) };
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(ref.userId, { at: now(), user });
      return user;
    },
  };
}
