// The section navigation. One tab stop; arrow keys, Home and End move between sections (and
// show them), as in the activity bars of desktop tools.

import { useRef, type KeyboardEvent } from 'react';
import { SECTIONS, sectionForKey, type SectionId } from '../model/sections';
import { Icon } from './Icon';

export function SideNav({ current, onSelect }: { current: SectionId; onSelect: (section: SectionId) => void }) {
  const buttons = useRef(new Map<SectionId, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const next = sectionForKey(current, event.key);
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    buttons.current.get(next)?.focus();
  }

  return (
    <nav className="sidenav" aria-label="Sections" onKeyDown={onKeyDown}>
      <ul className="sidenav-list">
        {SECTIONS.map((section) => {
          const active = section.id === current;
          return (
            <li key={section.id}>
              <button
                type="button"
                ref={(element) => {
                  if (element) buttons.current.set(section.id, element);
                  else buttons.current.delete(section.id);
                }}
                className={`sidenav-item${active ? ' sidenav-item-active' : ''}`}
                data-testid={`nav-${section.id}`}
                aria-label={section.label}
                title={section.built ? section.tagline : `${section.tagline} Coming in a later version.`}
                aria-current={active ? 'page' : undefined}
                tabIndex={active ? 0 : -1}
                onClick={() => onSelect(section.id)}
              >
                <Icon name={section.id} size={18} />
                <span className="sidenav-label">{section.label}</span>
                {section.built ? null : <span className="sidenav-hint">Soon</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
