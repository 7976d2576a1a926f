// A world test file of lesson proofs: one pack lab for the file (started once, stopped after),
// one test per lesson in order (each starts with reset --all, so none depends on another), and
// the seconds each took printed at the end.
import { afterAll, beforeAll, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import { startPackLab, type PackLab } from './built-in-pack-lab';
import { proveLesson, timingTable, type LessonTiming } from './prove-lesson';

export function describeLessonProofs(title: string, seed: number, lessons: readonly string[], more?: (pack: () => PackLab) => void): void {
  describeWithIstioReference(title, () => {
    let pack: PackLab;
    const timings: LessonTiming[] = [];

    beforeAll(async () => {
      pack = await startPackLab(seed);
    }, 120_000);

    afterAll(async () => {
      if (timings.length > 0) console.info(timingTable(timings));
      await pack?.stop();
    });

    more?.(() => pack);

    for (const lesson of lessons) {
      it(`${lesson}: fails fresh, passes the attendee's way, fails after reset, passes after solve`, async () => {
        timings.push(await proveLesson(pack.workshop, pack.kubectl, lesson));
      }, 90_000);
    }
  });
}
