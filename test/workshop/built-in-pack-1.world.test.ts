// The built-in pack "Istio in practice", lessons 1–6 (the mesh, the ingress gateway, observing, routing, jason, the canary),
// proven on one world lab per file: see prove-lesson.ts for what each lesson must show.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithIstioReference } from '../support/reference-suite';
import { startPackLab, type PackLab } from './built-in-pack-lab';
import { FIRST_HALF, SECOND_HALF } from './built-in-pack-lessons';
import { proveLesson, timingTable, type LessonTiming } from './prove-lesson';

describeWithIstioReference('the built-in pack, lessons 1–6', () => {
  let pack: PackLab;
  const timings: LessonTiming[] = [];

  beforeAll(async () => {
    pack = await startPackLab(41);
  }, 120_000);

  afterAll(async () => {
    if (timings.length > 0) console.info(timingTable(timings));
    await pack?.stop();
  });

  it('the two files together prove every lesson of the pack, in its order', async () => {
    const info = await pack.workshop.pack();
    expect(info.lessonList.map((lesson) => lesson.id)).toEqual([...FIRST_HALF, ...SECOND_HALF]);
  });

  for (const lesson of FIRST_HALF) {
    it(`${lesson}: fails fresh, passes the attendee's way, fails after reset, passes after solve`, async () => {
      timings.push(await proveLesson(pack.workshop, pack.kubectl, lesson));
    }, 90_000);
  }
});
