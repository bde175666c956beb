import { describe, expect, it } from 'vitest';
import { actionForm, intakeForm } from '../../adapters/teams/forms.js';
import { escapeMarkdown, renderActivity, renderCard } from '../../adapters/teams/render.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import type { IntakeChoices } from '../../src/core/api.js';

type Element = Record<string, unknown> & { type: string };

function allElements(card: { body: Element[] }): Element[] {
  const out: Element[] = [];
  const walk = (items: unknown[]) => {
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      out.push(item as Element);
      const nested = (item as { items?: unknown[]; actions?: unknown[] }).items ?? (item as { actions?: unknown[] }).actions;
      if (Array.isArray(nested)) walk(nested);
    }
  };
  walk(card.body);
  return out;
}

const teamCard: NeutralMessage = {
  summary: 'Ny bekymring BB-2026-0001 (Høj) fra NAB',
  blocks: [
    { kind: 'header', text: 'BB-2026-0001 · Hjemløshed' },
    { kind: 'fields', fields: [{ label: 'Hastegrad', value: 'Høj' }, { label: 'Adresse', value: 'Sølvgade 12, 2. th.' }] },
    { kind: 'text', text: 'En mand sover i kælderen' },
    { kind: 'context', text: 'Kvitteret af Mette' },
    { kind: 'link', label: 'Send underretning', url: 'https://www.nordfjord.dk/underretning' },
    {
      kind: 'actions',
      actions: [
        { id: 'concern.ack', label: 'Kvittér', concernId: 'c-1', style: 'primary' },
        { id: 'concern.reply', label: 'Svar til anmelder', concernId: 'c-1' },
        { id: 'concern.note', label: 'Intern note', concernId: 'c-1' },
        { id: 'concern.withdraw', label: 'Træk tilbage', concernId: 'c-1', style: 'danger' },
      ],
    },
  ],
};

describe('Teams card rendering', () => {
  it('renders a team card as an Adaptive Card 1.4 with Action.Execute buttons carrying action and concern id', () => {
    const card = renderCard(teamCard);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const [header, facts, text, context] = card.body;
    expect(header).toMatchObject({ type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true });
    expect(facts).toMatchObject({ type: 'FactSet', facts: [{ title: 'Hastegrad', value: 'Høj' }, { title: 'Adresse', value: 'Sølvgade 12, 2. th.' }] });
    expect(text).toMatchObject({ type: 'TextBlock', text: 'En mand sover i kælderen', wrap: true });
    expect(context).toMatchObject({ isSubtle: true });

    const actions = allElements(card).filter((e) => e.type === 'Action.Execute');
    expect(actions.map((a) => a.data)).toEqual([
      { action: 'concern.ack', concernId: 'c-1' },
      { action: 'concern.reply', concernId: 'c-1' },
      { action: 'concern.note', concernId: 'c-1' },
      { action: 'concern.withdraw', concernId: 'c-1' },
    ]);
    expect(actions.map((a) => a.title)).toEqual(['Kvittér', 'Svar til anmelder', 'Intern note', 'Træk tilbage']);
    expect(actions[0]).toMatchObject({ style: 'positive', verb: 'concern.ack' });
    expect(actions[3]).toMatchObject({ style: 'destructive' });
    const link = allElements(card).find((e) => e.type === 'Action.OpenUrl');
    expect(link).toMatchObject({ title: 'Send underretning', url: 'https://www.nordfjord.dk/underretning' });
  });

  it('wraps the card in a message activity with the summary for notifications', () => {
    const activity = renderActivity(teamCard);
    expect(activity).toMatchObject({ type: 'message', summary: teamCard.summary });
    expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('leaves the buttons out and appends elements when asked (inline forms)', () => {
    const card = renderCard(teamCard, { withoutActions: true, append: [{ type: 'Input.Text', id: 'text' }] });
    expect(allElements(card).some((e) => e.type === 'Action.Execute')).toBe(false);
    expect(card.body.at(-1)).toEqual({ type: 'Input.Text', id: 'text' });
  });

  it('does not turn a non-web link into a button', () => {
    const card = renderCard({ summary: 'x', blocks: [{ kind: 'link', label: 'Klik', url: 'javascript:alert(1)' }] });
    expect(allElements(card).some((e) => e.type === 'Action.OpenUrl')).toBe(false);
  });
});

describe('escaping what people write', () => {
  it('keeps a hidden link, formatting and mentions from being rendered', () => {
    const text = '[Klik her](https://evil.example) **vigtigt** _nu_ <at>Alle</at> `kode` ~~x~~';
    const escaped = escapeMarkdown(text);
    expect(escaped).toBe('\\[Klik her\\]\\(https://evil.example\\) \\*\\*vigtigt\\*\\* \\_nu\\_ \\<at\\>Alle\\</at\\> \\`kode\\` \\~\\~x\\~\\~');
    const card = renderCard({ summary: 's', blocks: [{ kind: 'text', text }] });
    expect(card.body[0]?.text).toBe(escaped);
  });

  it('stops line starts from becoming lists, quotes or headings, and keeps line breaks', () => {
    expect(escapeMarkdown('- punkt\n1. første\n> citat\n# Overskrift')).toBe('\\- punkt\n1\\. første\n\\> citat\n\\# Overskrift');
    expect(escapeMarkdown('linje 1\r\nlinje 2')).toBe('linje 1\nlinje 2');
  });

  it('leaves ordinary Danish text alone', () => {
    const text = 'Beboeren i opgang 12, 2. th. virker forvirret – ringede kl. 14.30.';
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('escapes fact labels and values', () => {
    const card = renderCard({ summary: 's', blocks: [{ kind: 'fields', fields: [{ label: 'Adresse', value: '[x](http://y)' }] }] });
    expect(card.body[0]).toMatchObject({ facts: [{ title: 'Adresse', value: '\\[x\\]\\(http://y\\)' }] });
  });
});

const choices: IntakeChoices = {
  categories: [
    { value: 'homelessness', label: 'Hjemløshed' },
    { value: 'child_at_risk', label: 'Barn i mistrivsel' },
  ],
  urgencies: [
    { value: 'acute', label: 'Akut' },
    { value: 'normal', label: 'Normal' },
  ],
  departments: [{ value: 'solgaarden', label: 'Afd. 12 Solgården' }],
  residentKnows: [
    { value: 'yes', label: 'Ja' },
    { value: 'no', label: 'Nej' },
    { value: 'unknown', label: 'Ved ikke' },
  ],
};

describe('the intake form', () => {
  it('has the six fields with our ids as choice values, pre-filled, and submits with Action.Execute intake.submit', () => {
    const form = intakeForm({
      locale: 'da',
      choices,
      formId: 'form-1',
      values: { category: 'homelessness', urgency: 'normal', description: 'En mand [sover](x) i kælderen' },
    });
    const inputs = form.body.filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((i) => i.id)).toEqual(['category', 'departmentId', 'address', 'urgency', 'description', 'residentKnows', 'rentDemandDate']);
    const byId = Object.fromEntries(inputs.map((i) => [i.id as string, i]));
    expect(byId.category).toMatchObject({ type: 'Input.ChoiceSet', value: 'homelessness', isRequired: true, label: 'Kategori' });
    expect((byId.category?.choices as { value: string }[]).map((c) => c.value)).toEqual(['homelessness', 'child_at_risk']);
    expect(byId.departmentId?.choices).toEqual([{ title: 'Afd. 12 Solgården', value: 'solgaarden' }]);
    expect(byId.urgency).toMatchObject({ value: 'normal' });
    // Input values are not markdown: the text stays exactly as written.
    expect(byId.description).toMatchObject({ type: 'Input.Text', isMultiline: true, value: 'En mand [sover](x) i kælderen' });
    expect(byId.residentKnows).toMatchObject({ style: 'expanded', value: 'unknown' });
    expect(byId.rentDemandDate).toMatchObject({ type: 'Input.Date', isRequired: false });
    expect(form.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: 'intake.submit', data: { action: 'intake.submit', formId: 'form-1' } }),
    ]);
  });

  it('marks problems on the fields and says so visibly', () => {
    const form = intakeForm({
      locale: 'en',
      choices,
      formId: 'form-1',
      values: { category: 'homelessness', description: 'x'.repeat(10_001) },
      errors: { address: 'Required', description: 'The text is too long (at most 10000 characters, you wrote 10001).' },
    });
    const texts = form.body.filter((e) => e.type === 'TextBlock').map((e) => e.text);
    expect(texts).toContain('Please correct the marked fields and send again.');
    expect(texts).toContain(escapeMarkdown('The text is too long (at most 10000 characters, you wrote 10001).'));
    const address = form.body.find((e) => e.id === 'address');
    expect(address).toMatchObject({ isRequired: true, errorMessage: 'Required' });
    const afterAddress = form.body[form.body.indexOf(address!) + 1];
    expect(afterAddress).toMatchObject({ type: 'TextBlock', color: 'Attention', text: 'Required' });
  });

  it('drops a pre-filled value that is not one of the choices', () => {
    const form = intakeForm({ locale: 'da', choices, formId: 'f', values: { category: 'nonsense' } });
    expect(form.body.find((e) => e.id === 'category')).not.toHaveProperty('value');
  });
});

describe('inline action forms', () => {
  it('labels a reply to the reporter and an internal note unmistakably differently', () => {
    const reply = actionForm({ locale: 'da', action: 'concern.reply', concernId: 'c-1' });
    const note = actionForm({ locale: 'da', action: 'concern.note', concernId: 'c-1' });
    const label = (f: typeof reply) => f.elements.find((e) => e.type === 'Input.Text')?.label;
    expect(label(reply)).toMatch(/sendes til anmelderen/);
    expect(label(note)).toMatch(/kun synlig for teamet/);
    expect(reply.actions[0]).toMatchObject({ title: 'Svar til anmelder', data: { action: 'concern.reply', concernId: 'c-1', step: 'submit' } });
    expect(note.actions[0]).toMatchObject({ title: 'Intern note', data: { action: 'concern.note', concernId: 'c-1', step: 'submit' } });
    expect(reply.actions[1]).toMatchObject({ associatedInputs: 'none', data: { step: 'cancel' } });
  });

  it('offers the teams to move a concern to as choices', () => {
    const form = actionForm({
      locale: 'en',
      action: 'concern.reassign',
      concernId: 'c-1',
      teamChoices: [{ value: 'ssp', label: 'SSP Nordfjord' }],
      error: 'Unknown team.',
    });
    const choice = form.elements.find((e) => e.type === 'Input.ChoiceSet');
    expect(choice).toMatchObject({ id: 'teamId', choices: [{ title: 'SSP Nordfjord', value: 'ssp' }], isRequired: true, errorMessage: 'Unknown team.' });
    expect(form.elements.find((e) => e.id === 'reason')).toMatchObject({ isRequired: false });
    expect(form.elements.some((e) => e.type === 'TextBlock' && e.text === 'Unknown team.')).toBe(true);
  });
});

describe('cards past Teams’ message size', () => {
  it('keeps a card that fits as it is', () => {
    const text = 'ord '.repeat(2500);
    const card = renderCard({ summary: 's', blocks: [{ kind: 'text', text }] });
    expect(card.body[0]).toMatchObject({ text: escapeMarkdown(text) });
  });

  it('shortens the longest text with a marker, in the card’s language, and stays under the limit', () => {
    const text = '€uro\\*'.repeat(3000);
    const card = renderCard({ summary: 's', blocks: [{ kind: 'header', text: 'BB-1' }, { kind: 'text', text }] }, { locale: 'en' });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(26_000);
    const shown = String(card.body[1]!.text);
    const match = / … \(shortened: (\d+) of (\d+) characters shown here, as Teams shows at most 28 KB in one message – the whole text is kept by Brobygger\)$/.exec(shown);
    expect(match).not.toBeNull();
    expect(Number(match![2])).toBe(escapeMarkdown(text).length);
    // Never a lone backslash before the marker (it would escape it).
    expect(shown.slice(0, shown.indexOf(' … (')).match(/\\+$/)?.[0].length ?? 0).toSatisfy((n: number) => n % 2 === 0);
    expect(card.body[0]).toMatchObject({ text: escapeMarkdown('BB-1') });
  });
});
