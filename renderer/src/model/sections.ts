// The product's sections, in navigation order, with the words their empty states use until
// they are built. Sections with a screen say so (`built`); the others say honestly what they will do.

export const SECTION_IDS = ['setup', 'traffic', 'dashboards', 'logs', 'workshop'] as const;

export type SectionId = (typeof SECTION_IDS)[number];

export interface Section {
  id: SectionId;
  label: string;
  /** One line under the title. */
  tagline: string;
  /** What the section will do, for its empty state. */
  purpose: string[];
  /** It has a screen in this version (the navigation marks the others "Soon"). */
  built: boolean;
}

export const SECTIONS: readonly Section[] = [
  {
    id: 'setup',
    label: 'Setup',
    tagline: 'Check this machine before building a lab.',
    purpose: [],
    built: true,
  },
  {
    id: 'traffic',
    label: 'Traffic',
    tagline: 'Shift requests between versions of a service.',
    purpose: [
      'Move traffic between reviews v1, v2 and v3 with a slider, or pick a preset from the Istio tasks (90/10, 50/50, v3 only).',
      'Preview the VirtualService and DestinationRule as YAML and as a diff before anything is applied.',
      'See the split that real requests take, next to the one you asked for.',
    ],
    built: true,
  },
  {
    id: 'dashboards',
    label: 'Dashboards',
    tagline: 'Grafana, Kiali, Jaeger and Prometheus, inside the app.',
    purpose: [
      'Open the lab’s Grafana, Kiali, Jaeger and Prometheus as panes here, served through the mesh’s monitor gateway.',
      'Everything stays on 127.0.0.1 unless you choose otherwise.',
    ],
    built: true,
  },
  {
    id: 'logs',
    label: 'Logs',
    tagline: 'Follow pod logs and open a shell.',
    purpose: [
      'Follow the logs of a pod or of every pod of a workload at once, including the istio-proxy sidecar and init containers.',
      'Search, pause and download, and open a shell in a container.',
    ],
    built: true,
  },
  {
    id: 'workshop',
    label: 'Workshop',
    tagline: 'Lessons that check your work, with a presenter view.',
    purpose: [
      'Step through mesh exercises with a lab that can be reset to a known state between attempts.',
      'Built for a room of laptops on venue Wi-Fi: it works offline once the images are cached.',
    ],
    built: true,
  },
];

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

/** The section named by a location hash like `#/traffic` (or `#/workshop/present`); Setup when it names none. */
export function sectionFromHash(hash: string): SectionId {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return isSectionId(name) ? name : 'setup';
}

/** The Workshop's presenter view for projectors lives at `#/workshop/present`. */
export function isPresenterHash(hash: string): boolean {
  return /^#\/?workshop\/present\/?$/.test(hash);
}

/** The next section for an arrow/Home/End key in the navigation, or null for other keys. */
export function sectionForKey(current: SectionId, key: string): SectionId | null {
  const index = SECTION_IDS.indexOf(current);
  const last = SECTION_IDS.length - 1;
  switch (key) {
    case 'ArrowDown':
      return SECTION_IDS[index === last ? 0 : index + 1] ?? null;
    case 'ArrowUp':
      return SECTION_IDS[index === 0 ? last : index - 1] ?? null;
    case 'Home':
      return SECTION_IDS[0];
    case 'End':
      return SECTION_IDS[last] ?? null;
    default:
      return null;
  }
}
