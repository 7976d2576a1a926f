// Contract handlers for workshop mode: packs, lessons, hints and the presenter's current lesson,
// and start / check / solve / reset as tasks.
import type { Handlers } from '../../rpc';
import type { WorkshopService } from '../../workshop';

type WorkshopHandlers = Pick<Handlers, 'workshop.packs' | 'workshop.open' | 'workshop.validate' | 'workshop.pack' | 'workshop.lesson' | 'workshop.hint' | 'workshop.start' | 'workshop.check' | 'workshop.solve' | 'workshop.reset' | 'workshop.select'>;

export function workshopHandlers(workshop: WorkshopService): WorkshopHandlers {
  return {
    'workshop.packs': () => workshop.packs(),
    'workshop.open': ({ path }) => workshop.open(path),
    'workshop.validate': ({ path }) => workshop.validate(path),
    'workshop.pack': ({ pack }) => workshop.pack(pack),
    'workshop.lesson': ({ pack, lesson }) => workshop.lesson(pack, lesson),
    'workshop.hint': ({ pack, lesson, task }) => workshop.hint(pack, lesson, task),
    'workshop.start': ({ pack, lesson }) => workshop.start(pack, lesson),
    'workshop.check': ({ pack, lesson }) => workshop.check(pack, lesson),
    'workshop.solve': ({ pack, lesson, task }) => workshop.solve(pack, lesson, task),
    'workshop.reset': ({ pack, lesson, all }) => workshop.reset(pack, lesson, all),
    'workshop.select': ({ pack, lesson, direction }) => workshop.select(pack, lesson, direction),
  };
}
