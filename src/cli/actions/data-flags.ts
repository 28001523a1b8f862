/** The selector flags `trackz data export` and `trackz data delete` share. */
import * as Flags from '@oclif/core/flags';

export const dataFlags = {
  visitor: Flags.string({ multiple: true, description: 'A web visitor: --visitor IP USER-AGENT (quote the User-Agent).', helpValue: 'IP UA' }),
  site: Flags.string({ description: 'A site: all of its data, or only the visitor given with --visitor.' }),
  device: Flags.string({ description: 'An agent device (its host name).' }),
  agent: Flags.string({ description: 'An agent: all of its data, or only the device given with --device.' }),
  email: Flags.string({ description: "An account holder: every account lifecycle event of this email (any case)." }),
  all: Flags.boolean({ default: false, description: "Every site's and agent's data in this workspace." }),
  since: Flags.string({ description: 'Only what happened from then: a date (2024-05-01) or a duration ago (30d).' }),
  until: Flags.string({ description: 'Only what happened before then: a date or a duration ago.' }),
};

/** The selection those flags make, as the data actions take it. */
export function selectionOf(flags: { visitor?: string[]; site?: string; device?: string; agent?: string; email?: string; all: boolean; since?: string; until?: string }) {
  return { visitor: flags.visitor, site: flags.site, device: flags.device, agent: flags.agent, email: flags.email, all: flags.all, since: flags.since, until: flags.until };
}
