/** What every core command needs, bundled once by createCore. */
import type { BusinessCalendar } from './calendar.js';
import type { Directory, Organization, Team } from './directory.js';
import type { Clock, ConcernStore } from './ports.js';

export interface CoreContext {
  directory: Directory;
  store: ConcernStore;
  clock: Clock;
  calendar: BusinessCalendar;
  /** Called after a commit that wrote effects, so the outbox is dispatched at once. */
  kick: () => void;
  newId: () => string;
}

export function findTeam(directory: Directory, id: string | null | undefined): Team | undefined {
  return id ? directory.teams.find((t) => t.id === id) : undefined;
}

export function findOrganization(directory: Directory, id: string): Organization | undefined {
  return directory.organizations.find((o) => o.id === id);
}

export const teamName = (directory: Directory, id: string | null | undefined): string =>
  findTeam(directory, id)?.name ?? id ?? '—';

export const organizationName = (directory: Directory, id: string): string =>
  findOrganization(directory, id)?.name ?? id;

export function districtName(directory: Directory, id: string): string {
  return directory.districts.find((d) => d.id === id)?.name ?? id;
}

export function departmentName(directory: Directory, associationId: string, departmentId: string): string {
  return (
    findOrganization(directory, associationId)?.departments.find((d) => d.id === departmentId)?.name ?? departmentId
  );
}
