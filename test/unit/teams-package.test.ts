import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppPackageError, buildAppPackage } from '../../scripts/teams-package/app-package.js';
import { crc32 } from '../../scripts/teams-package/crc32.js';

const APP_ID = '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a';

/** Reads a zip through its central directory, checking each entry's CRC. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const compressed = zip.subarray(localStart, localStart + compressedSize);
    const data = method === 8 ? inflateRawSync(compressed) : compressed;
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function pngInfo(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    expect(crc32(png.subarray(at + 4, at + 8 + length))).toBe(png.readUInt32BE(at + 8 + length));
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([raw[i]!, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!]);
    }
  }
  return { width, height, pixels };
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
      developer: {
        websiteUrl: 'https://bro.nordfjord.dk/',
        privacyUrl: 'https://bro.nordfjord.dk/privacy',
        termsOfUseUrl: 'https://bro.nordfjord.dk/terms',
      },
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

  it('links the privacy and terms pages the service serves, under a path prefix too', () => {
    const { manifest } = buildAppPackage({ appId: APP_ID, version: '0.1.0', publicUrl: 'https://kommune.dk/brobygger' });
    expect(manifest.developer).toMatchObject({
      privacyUrl: 'https://kommune.dk/brobygger/privacy',
      termsOfUseUrl: 'https://kommune.dk/brobygger/terms',
    });
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
