/**
 * A local stand-in for login.botframework.com: an OpenID configuration and a JWKS on a free port,
 * and tokens signed with jose the way the Bot Framework signs channel tokens (RS256, `kid`,
 * `iss` https://api.botframework.com, `aud` = the bot's app id, `serviceurl` claim, keys endorsed
 * for the channel). https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const TOKEN_ISSUER = 'https://api.botframework.com';

export interface TokenOptions {
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
  notBefore?: number;
  /** Sign with a key the JWKS does not publish (same kid). */
  foreignKey?: boolean;
  kid?: string;
  alg?: 'RS256' | 'RS384' | 'PS256' | 'HS256';
  extraClaims?: JWTPayload;
}

export interface BotFrameworkIssuer {
  openIdMetadataUrl: string;
  token(options: TokenOptions): Promise<string>;
  /** A token with `alg: none` and no signature. */
  unsignedToken(options: TokenOptions): string;
  stop(): Promise<void>;
}

const KID = 'brobygger-test-key';

export async function startBotFrameworkIssuer(defaults: { audience: string; serviceUrl: string; endorsements?: string[] }): Promise<BotFrameworkIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig', alg: 'RS256', endorsements: defaults.endorsements ?? ['msteams'] };

  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: TOKEN_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const claims = (o: TokenOptions): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    return {
      serviceurl: o.serviceUrl ?? defaults.serviceUrl,
      iss: o.issuer ?? TOKEN_ISSUER,
      aud: o.audience ?? defaults.audience,
      exp: o.expiresAt ?? now + 3600,
      nbf: o.notBefore ?? now - 60,
      ...o.extraClaims,
    };
  };

  return {
    openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    async token(o) {
      const alg = o.alg ?? 'RS256';
      let key: CryptoKey | Uint8Array = o.foreignKey ? foreign.privateKey : privateKey;
      if (alg === 'HS256') key = new TextEncoder().encode('a-shared-secret-nobody-should-accept-0123');
      else if (alg !== 'RS256') key = (await generateKeyPair(alg, { extractable: true })).privateKey;
      return new SignJWT(claims(o)).setProtectedHeader({ alg, kid: o.kid ?? KID, typ: 'JWT' }).sign(key);
    },
    unsignedToken(o) {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', kid: KID, typ: 'JWT' })}.${part(claims(o))}.`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
