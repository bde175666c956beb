/**
 * Checks a Bot Framework channel token before the SDK sees the request, with jose: signature by a
 * key published in the channel's OpenID metadata (and endorsed for the channel), `iss`, `aud` = our
 * app id, `exp`/`nbf` with Microsoft's 5-minute clock tolerance, an RSA algorithm, and the
 * `serviceurl` claim equal to the activity's serviceUrl. The rules are Microsoft's:
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 *
 * Why our own check when botbuilder validates too: its JwtTokenExtractor prints every rejected
 * token's error (and the public keys) with console.error, and answers 500 for some of them (a
 * token that is not yet valid). Tokens that pass here are valid for the SDK as well, so it stays silent.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';

export interface TokenCheckConfig {
  appId: string;
  /** The channel's OpenID configuration (its `jwks_uri` lists the signing keys). */
  openIdMetadataUrl: string;
  /** The only `iss` accepted. */
  issuer: string;
}

export type TokenVerdict =
  | { ok: true; claims: JWTPayload }
  | { ok: false; status: 401; reason: string }
  /** The keys could not be loaded: our side (or Microsoft's), not the caller's. */
  | { ok: false; status: 503; reason: string };

/** Bot Framework signs with RSA (AuthenticationConstants.AllowedSigningAlgorithms). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const CLOCK_TOLERANCE_SECONDS = 5 * 60;
const METADATA_TTL_MS = 24 * 60 * 60 * 1000;

const metadataSchema = z.looseObject({ jwks_uri: z.url() });
const endorsedKeySchema = z.looseObject({ kid: z.string().optional(), endorsements: z.array(z.string()).optional() });

export function createTokenCheck(config: TokenCheckConfig) {
  let keys: { set: ReturnType<typeof createRemoteJWKSet>; at: number } | null = null;

  async function keySet() {
    if (keys && Date.now() - keys.at < METADATA_TTL_MS) return keys.set;
    const response = await fetch(config.openIdMetadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OpenID metadata answered ${response.status}`);
    const metadata = metadataSchema.parse(await response.json());
    keys = { set: createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 10_000 }), at: Date.now() };
    return keys.set;
  }

  function endorsed(set: ReturnType<typeof createRemoteJWKSet>, kid: string | undefined, channelId: string): boolean {
    const key = (set.jwks()?.keys ?? []).map((k) => endorsedKeySchema.safeParse(k)).find((k) => k.success && k.data.kid === kid);
    const endorsements = key?.success ? key.data.endorsements : undefined;
    return !endorsements || endorsements.length === 0 || endorsements.includes(channelId);
  }

  return async function check(authorization: string | undefined, activity: { serviceUrl: string; channelId?: string }): Promise<TokenVerdict> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return { ok: false, status: 401, reason: 'no bearer token' };
    let set: ReturnType<typeof createRemoteJWKSet>;
    try {
      set = await keySet();
    } catch (err) {
      return { ok: false, status: 503, reason: `signing keys unavailable: ${err instanceof Error ? err.message : String(err)}` };
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(token, set, {
        issuer: config.issuer,
        audience: config.appId,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      if (payload.serviceurl !== activity.serviceUrl) return { ok: false, status: 401, reason: 'serviceurl claim does not match the activity' };
      if (!endorsed(set, protectedHeader.kid, activity.channelId ?? '')) return { ok: false, status: 401, reason: 'key not endorsed for this channel' };
      return { ok: true, claims: payload };
    } catch (err) {
      // Key-set fetch problems are ours; everything else jose reports is about the token.
      const keysDown = !(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid || err.code === 'ERR_JOSE_GENERIC';
      if (keysDown) return { ok: false, status: 503, reason: `signing keys unavailable: ${err instanceof Error ? err.message : String(err)}` };
      return { ok: false, status: 401, reason: `${err.code}: ${err.message.slice(0, 120)}; ${headerProblem(token)}` };
    }
  };
}

function headerProblem(token: string): string {
  try {
    return `alg ${String(decodeProtectedHeader(token).alg)}`;
  } catch {
    return 'not a JWT';
  }
}
