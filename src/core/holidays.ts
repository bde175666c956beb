/**
 * Public-holiday rules from date-holidays, loading only the country asked for when its rules
 * ship as a file of their own. `date-holidays` itself builds every country's rules into one
 * module (~800 kB of JS, ~22 MiB resident, issue 14); its parser (`date-holidays-parser`, the
 * same engine) takes any subset, so for Denmark (and any country whose data/countries/<CC>.yaml
 * is in the installed package) we hand it that country's file plus the shared holiday names.
 * The package's data format: https://github.com/commenthol/date-holidays/blob/master/docs/specification.md
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Holidays from 'date-holidays';
import { parse } from 'yaml';

// Both packages ship CommonJS builds; the parser's ESM build has no type declarations.
const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('date-holidays/package.json')), 'data');
let names: unknown;

function countryData(country: string): object | null {
  const file = join(dataDir, 'countries', `${country}.yaml`);
  if (!/^[A-Z]{2}$/.test(country) || !existsSync(file)) return null;
  names ??= (parse(readFileSync(join(dataDir, 'names.yaml'), 'utf8')) as { names: unknown }).names;
  const { holidays } = parse(readFileSync(file, 'utf8')) as { holidays: Record<string, unknown> };
  return { holidays, names };
}

/**
 * A holiday calendar whose data holds at least `country` (upper-case ISO 3166-1 alpha-2), not
 * initialised: call `init(country, state?, region?)` as with date-holidays. Countries without a
 * file of their own fall back to date-holidays' full data.
 */
export function holidayRules(country: string): Holidays {
  const data = countryData(country.toUpperCase());
  if (data) {
    const { default: HolidaysParser } = require('date-holidays-parser') as { default: new (data: object) => Holidays };
    return new HolidaysParser(data);
  }
  const AllCountries = require('date-holidays') as new () => Holidays;
  return new AllCountries();
}
