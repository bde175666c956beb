/**
 * npm run teams:package → build/teams-app.zip, the app package to upload in Teams (Apps → Manage
 * your apps → Upload an app) or in the Teams admin center. Reads MICROSOFT_APP_ID and PUBLIC_URL
 * (and optional TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL, TEAMS_DEVELOPER_NAME) from
 * the environment or .env.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDotEnv } from '../src/app/env.js';
import { AppPackageError, buildAppPackage } from './teams-package/app-package.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env: Record<string, string | undefined> = { ...process.env };
loadDotEnv(join(root, '.env'), env);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

try {
  const { manifest, zip, warnings } = buildAppPackage({
    appId: env.MICROSOFT_APP_ID,
    version,
    publicUrl: env.PUBLIC_URL || undefined,
    websiteUrl: env.TEAMS_WEBSITE_URL || undefined,
    privacyUrl: env.TEAMS_PRIVACY_URL || undefined,
    termsUrl: env.TEAMS_TERMS_URL || undefined,
    developerName: env.TEAMS_DEVELOPER_NAME || undefined,
  });
  const out = join(root, 'build', 'teams-app.zip');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  for (const warning of warnings) console.warn(`teams:package: warning: ${warning}`);
  console.log(`Wrote ${relative(process.cwd(), out)} (${zip.length} bytes): Teams app ${String(manifest.id)}, version ${String(manifest.version)}`);
} catch (err) {
  if (!(err instanceof AppPackageError)) throw err;
  console.error(`teams:package: ${err.message}`);
  process.exitCode = 1;
}
