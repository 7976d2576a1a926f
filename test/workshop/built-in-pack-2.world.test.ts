// The built-in pack "Istio in practice", lessons 7–13 (faults, timeouts, retries, circuit
// breaking, mTLS, authorization), proven on one world lab: see prove-lesson.ts for what each shows.
import { SECOND_HALF } from './built-in-pack-lessons';
import { describeLessonProofs } from './describe-lesson-proofs';

describeLessonProofs('the built-in pack, lessons 7–13', 43, SECOND_HALF);
