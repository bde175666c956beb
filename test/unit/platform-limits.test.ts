/** Growing lists work at any size: Slack groups long selects, and `directory check` can warn. */
import { describe, expect, it } from 'vitest';
import { intakeModal } from '../../adapters/slack/forms.js';
import type { IntakeChoices } from '../../src/core/api.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { platformLimitWarnings } from '../../src/core/platform-limits.js';

const departments = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ value: `afd-${i + 1}`, label: `Afd. ${i + 1} ${i % 2 ? 'Solgården' : 'Engparken'}` }));

const choicesWith = (n: number): IntakeChoices => ({
  categories: [{ value: 'other', label: 'Andet' }],
  urgencies: [{ value: 'normal', label: 'Normal' }],
  departments: departments(n),
  residentKnows: [{ value: 'unknown', label: 'Ved ikke' }],
});

type Json = Record<string, unknown>;
type Option = { value: string; text: { text: string } };
function departmentValues(n: number): { values: string[]; element: Json } {
  const view = intakeModal('da', choicesWith(n), { category: null, urgency: 'normal', description: '', redacted: false, notice: null } as never);
  const element = ((view.blocks as unknown as Json[]).find((b) => b.block_id === 'departmentId') as { element: Json }).element;
  const flat = (element.options as Option[] | undefined) ?? (element.option_groups as Array<{ options: Option[] }>).flatMap((g) => g.options);
  return { values: flat.map((o) => o.value), element };
}

describe('Slack selects of any size', () => {
  it.each([1, 100])('keeps %i departments as plain options', (n) => {
    const { values, element } = departmentValues(n);
    expect(values).toHaveLength(n);
    expect(element.option_groups).toBeUndefined();
  });

  it.each([101, 120, 2_500])('offers every one of %i departments, in groups of at most 100', (n) => {
    const { values, element } = departmentValues(n);
    expect(new Set(values)).toEqual(new Set(departments(n).map((d) => d.value)));
    expect(element.options).toBeUndefined();
    const groups = element.option_groups as Array<{ label: { text: string }; options: unknown[] }>;
    expect(groups.length).toBe(Math.ceil(n / 100));
    for (const group of groups) {
      expect(group.options.length).toBeLessThanOrEqual(100);
      expect(group.label.text.length).toBeLessThanOrEqual(75);
    }
  });
});

describe('directory warnings at platform limits', () => {
  const withDepartments = (n: number) => {
    const directory = structuredClone(loadDirectoryOrThrow());
    const district = directory.districts[0]!.id;
    directory.organizations[0]!.departments = departments(n).map((d) => ({ id: d.value, name: d.label, district }));
    return directory;
  };

  it('says nothing for the sample directory', () => {
    expect(platformLimitWarnings(loadDirectoryOrThrow())).toEqual([]);
  });

  it('warns where departments pass Slack’s and Teams’ 100 per list, naming the association', () => {
    const warnings = platformLimitWarnings(withDepartments(120));
    expect(warnings.map((w) => w.path)).toEqual([
      ['organizations', 0, 'departments'],
      ['organizations', 0, 'departments'],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      '120 departments in fjordbo: more than Slack’s 100 per menu, so Slack shows them in alphabetical groups (people can type to search)'.replace('’', "'"),
      '120 departments in fjordbo: more than the 100 a Teams card holds, so Teams searches them as people type (the bot answers each search)',
    ]);
  });

  it('warns where a picker would crowd a Teams card', () => {
    const warnings = platformLimitWarnings(withDepartments(600));
    expect(warnings.some((w) => /Teams/.test(w.message))).toBe(true);
  });
});
