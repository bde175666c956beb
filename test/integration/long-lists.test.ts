/**
 * Lists that grow work at any size, through the running service: with 120 departments in an
 * association every one can be chosen on Slack (option groups in the modal, type to search) and on
 * Teams (a filtered choice set searched by the bot as the person types: `application/search`),
 * and the concern is recorded for the department chosen. Teams' reassign list searches the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../src/core/directory.js';
import { startBothPlatforms, type BothPlatforms, type Json, FJORDBO_WORKSPACE, JENS, JONAS, KOMMUNE_TENANT, LARS, NAB_TENANT, viewOf } from '../support/both-platforms.js';
import { slashCommand, triggerId, viewSubmission, intakeValues } from '../support/slack-requests.js';
import { findInput, personalMessage } from '../support/teams-activities.js';

const departments = (prefix: string) =>
  Array.from({ length: 120 }, (_, i) => ({ id: `${prefix}-${i + 1}`, name: `Afd. ${i + 1} ${i % 2 ? 'Solbakken' : 'Kærgården'}` }));

function withManyDepartments(directory: Directory): void {
  for (const org of directory.organizations.filter((o) => o.id === 'fjordbo' || o.id === 'nab')) {
    const district = org.departments[0]!.district;
    org.departments = departments(org.id).map((d) => ({ ...d, district }));
  }
}

type Option = { value: string };

describe('lists of any size on both platforms (120 departments)', () => {
  let both: BothPlatforms;

  beforeAll(async () => {
    both = await startBothPlatforms({ directory: withManyDepartments });
  });
  afterAll(async () => {
    await both?.stop();
  });

  it('Slack: the modal offers all 120 departments, and the 117th can be chosen', async () => {
    const trigger = triggerId();
    await both.slackPost(slashCommand({ userId: JENS, teamId: FJORDBO_WORKSPACE, text: 'En mand sover i kælderen', triggerId: trigger }, both.sign));
    const open = await both.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
    const block = (viewOf(open).blocks as Json[]).find((b) => b.block_id === 'departmentId') as { element: { option_groups: Array<{ options: Option[] }> } };
    const offered = block.element.option_groups.flatMap((g) => g.options.map((o) => o.value));
    expect(new Set(offered)).toEqual(new Set(departments('fjordbo').map((d) => d.id)));

    const values = intakeValues({ departmentId: 'fjordbo-117', address: 'Kærvej 117', description: 'En mand sover i kælderen i afd. 117' });
    await both.slackPost(viewSubmission({ userId: JENS, teamId: FJORDBO_WORKSPACE, callbackId: 'intake', values }, both.sign));
    const concern = await both.service.waitFor(async () => (await both.service.store.listConcerns({})).find((c) => c.address === 'Kærvej 117'));
    expect(concern.departmentId).toBe('fjordbo-117');
  });

  it('Teams: the form searches the departments as Lars types, and the 117th can be chosen', async () => {
    const lars = both.teamsPerson(LARS, NAB_TENANT);
    const message = personalMessage({ ...lars, text: 'En mand sover i kælderen' });
    expect((await both.teamsPost(message)).status).toBe(200);
    const reply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id && !!findInput(both.connector.cardsOf(c), 'departmentId'));
    const form = both.connector.cardsOf(reply);
    const picker = findInput(form, 'departmentId')!;
    expect(picker).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', 'choices.data': { type: 'Data.Query', dataset: 'departments' } });
    // The card stays small: the 120 names are not in it.
    expect(JSON.stringify(form)).not.toContain('Afd. 117');

    const search = async (queryText: string, skip = 0) => {
      const { status, body } = await both.teamsPost({ ...message, id: `f:${queryText}:${skip}`, type: 'invoke', name: 'application/search', text: undefined, value: { queryText, queryOptions: { skip, top: 15 }, dataset: 'departments' } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ type: 'application/vnd.microsoft.search.searchResponse' });
      return (body!.value as { results: Array<{ title: string; value: string }> }).results;
    };
    expect(await search('117')).toEqual([{ title: 'Afd. 117 Kærgården', value: 'nab-117' }]);
    // Accents and æ/ø/å fold: "kaergarden" finds "Kærgården"; pages of 15 reach every one.
    expect((await search('kaergarden 11')).map((r) => r.value)).toContain('nab-119');
    const all: string[] = [];
    for (let skip = 0; skip < 120; skip += 15) all.push(...(await search('', skip)).map((r) => r.value));
    expect(new Set(all)).toEqual(new Set(departments('nab').map((d) => d.id)));

    const submitted = await both.press(lars, {
      action: 'intake.submit',
      formId: 'many-departments',
      category: 'homelessness',
      departmentId: 'nab-117',
      address: 'Solbakken 117',
      urgency: 'normal',
      description: 'En mand sover i kælderen i afd. 117',
      residentKnows: 'no',
    }, { replyToId: reply.responseId ?? 'form' });
    expect(submitted.type).not.toBe('application/vnd.microsoft.error');
    const concern = await both.service.waitFor(async () => (await both.service.store.listConcerns({})).find((c) => c.address === 'Solbakken 117'));
    expect(concern.departmentId).toBe('nab-117');

    // The team that has it searches the teams to move it to; someone outside that team finds none.
    const searchTeams = async (who: typeof JONAS, tenant: string) => {
      const base = both.teamsPerson(who, tenant);
      const { body } = await both.teamsPost({ ...personalMessage({ ...base, text: '' }), type: 'invoke', name: 'application/search', value: { queryText: 'social', dataset: `reassign:${concern.id}` } });
      return (body!.value as { results: Array<{ value: string }> }).results.map((r) => r.value);
    };
    expect(await searchTeams(JONAS, KOMMUNE_TENANT)).toEqual(['socialpsykiatri']);
    expect(await searchTeams(LARS, NAB_TENANT)).toEqual([]);
  });

  it('Teams: a stranger searching gets nothing', async () => {
    const stranger = both.teamsPerson({ aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Ukendt' }, '11111111-2222-4333-8444-555555555555');
    const { status, body } = await both.teamsPost({ ...personalMessage({ ...stranger, text: '' }), type: 'invoke', name: 'application/search', value: { queryText: 'afd', dataset: 'departments' } });
    expect(status).toBe(200);
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } });
  });
});
