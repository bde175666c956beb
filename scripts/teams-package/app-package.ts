/**
 * Builds the Teams app package (build/teams-app.zip): manifest.json from the template, the English
 * localization, and the two icons, zipped. No external tools: icons and zip are made in code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const TEMPLATE = fileURLToPath(new URL('../../manifests/teams/manifest.template.json', import.meta.url));
const ENGLISH = fileURLToPath(new URL('../../manifests/teams/en-us.json', import.meta.url));
const COLOR_ICON = fileURLToPath(new URL('../../manifests/teams/color.png', import.meta.url));
const OUTLINE_ICON = fileURLToPath(new URL('../../manifests/teams/outline.png', import.meta.url));

/** The colour icon's background (manifests/teams/color.png), also the manifest's accentColor. */
export const ACCENT_COLOR = '#1F6F8B';

/**
 * Every entry gets this modification time, so the same inputs give the same bytes (a package can
 * be compared with the one the Teams admin centre holds). Zip times have 2-second resolution from 1980.
 */
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** Teams requires https developer links; without PUBLIC_URL the package says so instead of guessing. */
export const PLACEHOLDER_WEBSITE = 'https://brobygger.invalid/';

export interface AppPackageOptions {
  /** MICROSOFT_APP_ID: the Azure Bot's app id; also used as the Teams app id. */
  appId: string | undefined;
  /** x.y.z (package.json's version). */
  version: string;
  /** PUBLIC_URL: where the bot runs; its host becomes a valid domain and the default web links. */
  publicUrl?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
}

export class AppPackageError extends Error {
  override name = 'AppPackageError';
}

function httpsUrl(value: string | undefined, what: string): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppPackageError(`${what} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new AppPackageError(`${what} must be an https:// address (Teams requires it): ${value}`);
  return url.toString();
}

export function buildManifest(options: AppPackageOptions): Record<string, unknown> {
  const appId = options.appId?.trim();
  if (!appId) {
    throw new AppPackageError(
      'MICROSOFT_APP_ID is not set. The Teams app package needs the Azure Bot\'s Microsoft App ID (a GUID), e.g.\n' +
        '  MICROSOFT_APP_ID=00000000-0000-0000-0000-000000000000 npm run teams:package\n' +
        '(or put it in .env).',
    );
  }
  if (!GUID.test(appId)) throw new AppPackageError(`MICROSOFT_APP_ID must be a GUID like 00000000-0000-0000-0000-000000000000, not "${appId}"`);
  if (!SEMVER.test(options.version)) throw new AppPackageError(`The app version must look like 1.2.3, not "${options.version}"`);

  const publicUrl = httpsUrl(options.publicUrl, 'PUBLIC_URL');
  const website = httpsUrl(options.websiteUrl, 'TEAMS_WEBSITE_URL') ?? publicUrl ?? PLACEHOLDER_WEBSITE;
  const values: Record<string, string> = {
    APP_ID: appId,
    VERSION: options.version,
    DEVELOPER_NAME: options.developerName?.trim() || 'Brobygger',
    WEBSITE_URL: website,
    PRIVACY_URL: httpsUrl(options.privacyUrl, 'TEAMS_PRIVACY_URL') ?? website,
    TERMS_URL: httpsUrl(options.termsUrl, 'TEAMS_TERMS_URL') ?? website,
    ACCENT_COLOR,
  };
  const template = readFileSync(TEMPLATE, 'utf8');
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new AppPackageError(`The manifest template uses an unknown placeholder ${whole}`);
    // Placeholders sit inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  if (publicUrl) manifest.validDomains = [new URL(publicUrl).host];
  return manifest;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  zip: Buffer;
  /** Things to fix before publishing the package in a real tenant. */
  warnings: string[];
}

export function buildAppPackage(options: AppPackageOptions): AppPackage {
  const manifest = buildManifest(options);
  const entries = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    'en-us.json': readFileSync(ENGLISH),
    'color.png': readFileSync(COLOR_ICON),
    'outline.png': readFileSync(OUTLINE_ICON),
  };
  const zip = Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, [data, { mtime: FIXED_MTIME }]]))));
  const warnings =
    (manifest.developer as { websiteUrl?: string }).websiteUrl === PLACEHOLDER_WEBSITE
      ? ['PUBLIC_URL (or TEAMS_WEBSITE_URL) is not set: the developer links in the manifest are a placeholder.']
      : [];
  return { manifest, zip, warnings };
}
