/**
 * README sections that messages send people to, by their exact headings: a message naming a section
 * that was since renamed sends them nowhere (test/ui/readme.test.ts checks each against README.md).
 */
export const README_SECTIONS = {
  alerts: 'Alerts',
  trackerSites: 'Tracker sites and agents',
  configuration: 'Configuration reference',
} as const;

/** `the README section "Alerts"` */
export function readmeSection(key: keyof typeof README_SECTIONS): string {
  return `the README section "${README_SECTIONS[key]}"`;
}
