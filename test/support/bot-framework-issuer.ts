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
  /**
   * A stand-in for login.microsoftonline.com (MICROSOFT_LOGIN_URL): client-credentials tokens for
   * the app id `audience` with `secret` in `tenants` (botframework.com for MultiTenant); anything
   * else is refused the way Entra refuses it (AADSTS7000215 invalid secret, AADSTS700016 unknown app,
   * AADSTS90002 unknown tenant).
   */
  loginUrl: string;
  /** Token requests received: tenant and client id (never the secret). */
  tokenRequests: Array<{ tenant: string; clientId: string }>;
  token(options: TokenOptions): Promise<string>;
  /** A token with `alg: none` and no signature. */
  unsignedToken(options: TokenOptions): string;
  stop(): Promise<void>;
}

const KID = 'brobygger-test-key';

export async function startBotFrameworkIssuer(defaults: {
  audience: string;
  serviceUrl: string;
  endorsements?: string[];
  /** The app's client secret the login stand-in accepts. */
  secret?: string;
  /** Tenants the login stand-in knows. */
  tenants?: string[];
}): Promise<BotFrameworkIssuer> {
  const tokenRequests: BotFrameworkIssuer['tokenRequests'] = [];
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, use: 'sig', alg: 'RS256', endorsements: defaults.endorsements ?? ['msteams'] };

  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.url ?? '');
    if (req.method === 'POST' && tokenPath) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const tenant = decodeURIComponent(tokenPath[1]!);
        tokenRequests.push({ tenant, clientId: form.get('client_id') ?? '' });
        const refuse = (status: number, error: string, description: string) => {
          res.statusCode = status;
          res.end(JSON.stringify({ error, error_description: `${description}\r\nTrace ID: 0c2f5a1e-0000-4000-8000-000000000000\r\nCorrelation ID: 1d3e6b2f-0000-4000-8000-000000000000` }));
        };
        if (!(defaults.tenants ?? ['botframework.com']).includes(tenant)) return refuse(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
        if (form.get('client_id') !== defaults.audience) return refuse(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory '${tenant}'.`);
        if (form.get('client_secret') !== defaults.secret) return refuse(401, 'invalid_client', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${defaults.audience}'.`);
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'stand-in-access-token' }));
      });
      return;
    }
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
    loginUrl: `http://127.0.0.1:${port}`,
    tokenRequests,
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
