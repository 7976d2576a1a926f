// The built-in pack "Istio in practice", lessons 1–6 (the mesh, the ingress gateway, observing,
// routing, jason, the canary), proven on one world lab: see prove-lesson.ts for what each shows.
import { expect, it } from 'vitest';
import { FIRST_HALF, SECOND_HALF } from './built-in-pack-lessons';
import { describeLessonProofs } from './describe-lesson-proofs';

describeLessonProofs('the built-in pack, lessons 1–6', 41, FIRST_HALF, (pack) => {
  it('the two files together prove every lesson of the pack, in its order', async () => {
    const info = await pack().workshop.pack();
    expect(info.lessonList.map((lesson) => lesson.id)).toEqual([...FIRST_HALF, ...SECOND_HALF]);
  });
});
