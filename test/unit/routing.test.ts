import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Directory } from '../../src/core/directory.js';
import { CATEGORIES } from '../../src/core/model.js';
import type { Category } from '../../src/core/model.js';
import { districtOfDepartment, routeConcern, teamById } from '../../src/core/routing.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../../src/app/directory-file.js';

const sample = loadDirectoryOrThrow(DEFAULT_DIRECTORY_FILE);
const minimal = loadDirectoryOrThrow(
  fileURLToPath(new URL('../fixtures/directories/minimal.yaml', import.meta.url)),
);

const DISTRICTS = ['havnen', 'nordby', 'vestervang', 'soenderholm'] as const;
type District = (typeof DISTRICTS)[number];

// What the sample promises operators: the team for every category in every district.
const EXPECTED: Record<Category, Record<District, string>> = {
  homelessness: { havnen: 'bolig-indgang', nordby: 'bolig-indgang', vestervang: 'bolig-indgang', soenderholm: 'bolig-indgang' },
  eviction_risk: { havnen: 'bolig-indgang', nordby: 'bolig-indgang', vestervang: 'bolig-indgang', soenderholm: 'bolig-indgang' },
  mental_health: { havnen: 'socialpsykiatri', nordby: 'socialpsykiatri', vestervang: 'socialpsykiatri', soenderholm: 'socialpsykiatri' },
  substance_use: { havnen: 'socialpsykiatri', nordby: 'socialpsykiatri', vestervang: 'socialpsykiatri', soenderholm: 'socialpsykiatri' },
  child_at_risk: { havnen: 'boern-familie', nordby: 'boern-familie', vestervang: 'boern-familie', soenderholm: 'boern-familie' },
  youth: { havnen: 'ssp', nordby: 'ssp', vestervang: 'ssp-vestervang', soenderholm: 'ssp' },
  elderly_selfneglect: { havnen: 'aeldre', nordby: 'aeldre', vestervang: 'aeldre', soenderholm: 'aeldre' },
  neighbour_conflict: { havnen: 'bolig-indgang', nordby: 'borgerservice', vestervang: 'borgerservice', soenderholm: 'borgerservice' },
  integration: { havnen: 'borgerservice', nordby: 'bolig-indgang', vestervang: 'borgerservice', soenderholm: 'borgerservice' },
  other: { havnen: 'borgerservice', nordby: 'borgerservice', vestervang: 'borgerservice', soenderholm: 'borgerservice' },
};

describe('routing in the sample directory', () => {
  it('covers exactly the sample districts', () => {
    expect(sample.districts.map((d) => d.id).sort()).toEqual([...DISTRICTS].sort());
  });

  const cases = CATEGORIES.flatMap((category) =>
    DISTRICTS.map((district) => ({ category, district, team: EXPECTED[category][district] })),
  );
  it.each(cases)('$category in $district goes to $team', ({ category, district, team }) => {
    expect(routeConcern(sample, category, district)).toBe(team);
    expect(teamById(sample, team)).toMatchObject({ id: team });
  });

  it('sends concerns from a district the routes do not know to the category team', () => {
    expect(routeConcern(sample, 'youth', 'somewhere-new')).toBe('ssp');
  });

  it('finds the district of each housing department', () => {
    expect(districtOfDepartment(sample, 'fjordbo', 'vestervaenget')).toBe('vestervang');
    expect(districtOfDepartment(sample, 'nab', 'havnefronten')).toBe('havnen');
    expect(districtOfDepartment(sample, 'lyngbo', 'lyngtoften')).toBe('soenderholm');
  });

  it('knows no department under the wrong association or the municipality', () => {
    expect(districtOfDepartment(sample, 'nab', 'vestervaenget')).toBeUndefined();
    expect(districtOfDepartment(sample, 'nordfjord-kommune', 'havnegaarden')).toBeUndefined();
    expect(districtOfDepartment(sample, 'unknown', 'havnegaarden')).toBeUndefined();
  });

  it('finds teams by id', () => {
    expect(teamById(sample, 'ssp-vestervang')?.name).toBe('SSP Vestervang – lokalteam');
    expect(teamById(sample, 'nope')).toBeUndefined();
  });
});

describe('routeConcern', () => {
  const withRoutes = (routes: Directory['routes']): Directory => ({ ...minimal, routes });

  it('prefers the district route even when the general route comes first', () => {
    const directory = withRoutes([
      { category: 'youth', team: 'indgang' },
      { category: 'youth', district: 'centrum', team: 'vagt' },
      { default: 'indgang' },
    ]);
    expect(routeConcern(directory, 'youth', 'centrum')).toBe('vagt');
    expect(routeConcern(directory, 'youth', 'other-district')).toBe('indgang');
  });

  it('prefers a category route over the default, wherever the default stands', () => {
    const directory = withRoutes([{ default: 'indgang' }, { category: 'elderly_selfneglect', team: 'vagt' }]);
    expect(routeConcern(directory, 'elderly_selfneglect', 'centrum')).toBe('vagt');
  });

  it('uses the default route when nothing else matches', () => {
    const directory = withRoutes([
      { category: 'youth', district: 'centrum', team: 'vagt' },
      { default: 'indgang' },
    ]);
    expect(routeConcern(directory, 'other', 'centrum')).toBe('indgang');
    expect(routeConcern(directory, 'youth', 'elsewhere')).toBe('indgang');
  });

  it('refuses a directory without a default route', () => {
    expect(() => routeConcern(withRoutes([]), 'other', 'centrum')).toThrow(/default route/);
  });
});
