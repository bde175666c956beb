/**
 * Intake in the personal chat: free text → a pre-filled Adaptive Card form → submitIntake →
 * the confirmation in place of the form, or the form again with the problems marked.
 */
import { INTAKE_FIELDS, type BrobyggerCore, type IntakeField, type IntakePrefill } from '../../src/core/api.js';
import type { Identity } from '../../src/core/identity.js';
import { t } from '../../src/core/i18n.js';
import { cardAnswer, type Answer } from './answer.js';
import { cardActivity, type AdaptiveCard, type OutgoingActivity } from './cards.js';
import { intakeForm } from './forms.js';
import type { CardData } from './parse.js';
import { renderActivity, renderCard } from './render.js';

export interface IntakeDeps {
  core: BrobyggerCore;
  newFormId: () => string;
}

function formFor(deps: IntakeDeps, identity: Identity, prefill: IntakePrefill, filesOffered = false): AdaptiveCard {
  const choices = deps.core.intakeChoices(identity);
  const onlyDepartment = choices.departments.length === 1 ? choices.departments[0]?.value : undefined;
  return intakeForm({
    locale: identity.person.locale,
    choices,
    formId: deps.newFormId(),
    filesOffered,
    values: {
      ...(prefill.category ? { category: prefill.category } : {}),
      urgency: prefill.urgency,
      description: prefill.description,
      ...(onlyDepartment ? { departmentId: onlyDepartment } : {}),
    },
  });
}

/** The first message of a concern: the form pre-filled from it, after the redaction notice if any. */
export function startIntake(deps: IntakeDeps, identity: Identity, text: string, filesOffered = false): OutgoingActivity[] {
  const locale = identity.person.locale;
  const prefill = deps.core.prefill(identity, text);
  const form = formFor(deps, identity, prefill, filesOffered);
  return [...(prefill.notice ? [renderActivity(prefill.notice)] : []), cardActivity(form, t(locale, 'form.intake.title'))];
}

/** "Ny bekymring" pressed: the form in its place, empty or pre-filled (a new concern from an old one). */
export function openIntake(deps: IntakeDeps, identity: Identity, text = ''): Answer {
  return cardAnswer(formFor(deps, identity, deps.core.prefill(identity, text)), t(identity.person.locale, 'form.intake.title'));
}

export async function submitIntake(deps: IntakeDeps, identity: Identity, data: CardData, activityKey: string | undefined): Promise<Answer> {
  const locale = identity.person.locale;
  const values: Partial<Record<IntakeField, string>> = {};
  for (const field of INTAKE_FIELDS) {
    const value = data.inputs[field];
    if (value !== undefined) values[field] = value;
  }
  // The form's own id makes a double click (or a redelivery) the same concern.
  const dedupeKey = data.formId ? `teams:form:${data.formId}` : activityKey;
  const result = await deps.core.submitIntake(identity, { ...values, ...(data.filesOffered ? { filesOffered: true } : {}) }, dedupeKey);
  switch (result.kind) {
    case 'created':
    case 'duplicate':
    case 'refused':
      return cardAnswer(renderCard(result.reply), result.reply.summary);
    case 'invalid': {
      const form = intakeForm({
        locale,
        choices: deps.core.intakeChoices(identity),
        values,
        errors: result.fieldErrors,
        formId: data.formId ?? deps.newFormId(),
        ...(data.filesOffered ? { filesOffered: true } : {}),
      });
      return cardAnswer(form, t(locale, 'form.intake.title'));
    }
  }
}
