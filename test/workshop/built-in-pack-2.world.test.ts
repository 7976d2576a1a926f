// The built-in pack "Istio in practice", lessons 7–13 (faults, timeouts, retries, circuit breaking, mTLS, authorization),
// proven on one world lab per file: see prove-lesson.ts for what each lesson must show.
import { afterAll, beforeAll, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import { startPackLab, type PackLab } from './built-in-pack-lab';
import { SECOND_HALF } from './built-in-pack-lessons';
import { proveLesson, timingTable, type LessonTiming } from './prove-lesson';

describeWithIstioReference('the built-in pack, lessons 7–13', () => {
  let pack: PackLab;
  const timings: LessonTiming[] = [];

  beforeAll(async () => {
    pack = await startPackLab(43);
  }, 120_000);

  afterAll(async () => {
    if (timings.length > 0) console.info(timingTable(timings));
    await pack?.stop();
  });

  for (const lesson of SECOND_HALF) {
    it(`${lesson}: fails fresh, passes the attendee's way, fails after reset, passes after solve`, async () => {
      timings.push(await proveLesson(pack.workshop, pack.kubectl, lesson));
    }, 90_000);
  }
});
