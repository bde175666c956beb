import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { AppPackageError, buildAppPackage } from '../../scripts/teams-package/app-package.js';

const APP_ID = '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a';

/** The package's files, read with fflate (which checks each entry's CRC). */
function unzip(zip: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(zip)).map(([name, data]) => [name, Buffer.from(data)]));
}

/** Width, height and RGBA pixels of a PNG, read with pngjs (which checks every chunk's CRC). */
function pngInfo(png: Buffer) {
  const image = PNG.sync.read(png);
  const pixels: number[][] = [];
  for (let i = 0; i < image.data.length; i += 4) pixels.push([image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!]);
  return { width: image.width, height: image.height, pixels };
}

describe('the Teams app package', () => {
  it('holds a 1.17 manifest for the bot in personal and team scope, with help and status commands', () => {
    const { manifest, zip, warnings } = buildAppPackage({ appId: APP_ID, version: '0.1.0', publicUrl: 'https://bro.nordfjord.dk' });
    const files = unzip(zip);
    expect([...files.keys()].sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    const written = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(written).toEqual(manifest);
    expect(written).toMatchObject({
      manifestVersion: '1.17',
      version: '0.1.0',
      id: APP_ID,
      icons: { color: 'color.png', outline: 'outline.png' },
      developer: { websiteUrl: 'https://bro.nordfjord.dk/' },
      validDomains: ['bro.nordfjord.dk'],
      bots: [{ botId: APP_ID, scopes: ['personal', 'team'] }],
    });
    expect(written.$schema).toMatch(/v1\.17\/MicrosoftTeams\.schema\.json$/);
    const titles = written.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(titles).toEqual(['hjælp', 'status']);
    const english = JSON.parse(files.get('en-us.json')!.toString('utf8'));
    expect(english['bots[0].commandLists[0].commands[0].title']).toBe('help');
    expect(warnings).toEqual([]);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon of white on transparent', () => {
    const files = unzip(buildAppPackage({ appId: APP_ID, version: '1.2.3' }).zip);
    const color = pngInfo(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    const outline = pngInfo(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
  });

  it('gives the same bytes for the same inputs', () => {
    const a = buildAppPackage({ appId: APP_ID, version: '1.2.3', publicUrl: 'https://bro.nordfjord.dk' }).zip;
    const b = buildAppPackage({ appId: APP_ID, version: '1.2.3', publicUrl: 'https://bro.nordfjord.dk' }).zip;
    expect(a.equals(b)).toBe(true);
  });

  it('says clearly when MICROSOFT_APP_ID is missing or not a GUID', () => {
    expect(() => buildAppPackage({ appId: undefined, version: '0.1.0' })).toThrow(AppPackageError);
    expect(() => buildAppPackage({ appId: '', version: '0.1.0' })).toThrow(/MICROSOFT_APP_ID is not set/);
    expect(() => buildAppPackage({ appId: 'my-bot', version: '0.1.0' })).toThrow(/must be a GUID/);
  });

  it('warns when there is no public https address for the developer links, and refuses http', () => {
    expect(buildAppPackage({ appId: APP_ID, version: '0.1.0' }).warnings[0]).toMatch(/PUBLIC_URL/);
    expect(() => buildAppPackage({ appId: APP_ID, version: '0.1.0', publicUrl: 'http://bro.example' })).toThrow(/https/);
  });
});
