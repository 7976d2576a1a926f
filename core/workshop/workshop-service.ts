// Workshop mode behind the contract: finds packs (the built-in one, the opened ones, a folder
// named by the caller), answers with their lessons and the attendee's progress on the current
// lab, and runs start / check / solve / reset as tasks. Progress changes are pushed as
// `workshop:changed`. The lab is reached only through the handles it is given.
import { AppError, BUILT_IN_PACK_ID, type TaskRefInfo, type WorkshopChangedInfo, type WorkshopLessonInfo, type WorkshopMethodResults, type WorkshopPackInfo, type WorkshopPackSummaryInfo, type WorkshopTaskResultInfo } from '../contract';
import type { TaskContext, TaskManager } from '../tasks';
import { loadPack } from './pack-load';
import { lessonInfo, packInfo, packSummary, type PackSource } from './pack-info';
import type { LessonPack, PackLesson } from './pack-types';
import { ProgressStore, lessonProgress, type PackProgress } from './progress-store';
import { satisfies } from './istio-range';
import { actionInfo, checkLesson, resetLesson, solveLesson, startLesson, type LabHandle } from './workshop-work';

export interface WorkshopServiceOptions {
  tasks: TaskManager;
  dataDir: string;
  /** The folder holding the built-in pack folders (resources/workshops). */
  builtInDir: string;
  /** The current lab's key for progress (its context); rejects when there is no lab. */
  labKey: () => Promise<string>;
  /** The lab's Istio version, when known (for `requires` warnings). */
  istioVersion: () => Promise<string | undefined>;
  lab: LabHandle;
  emit: (info: WorkshopChangedInfo) => void;
  now?: () => Date;
}

interface Opened {
  pack: LessonPack;
  source: PackSource;
}

const NO_LAB = 'no-lab';

function invalidPack(path: string, problems: { file: string; line: number; column: number; field: string; message: string }[]): AppError {
  const lines = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.field}: ${p.message}`);
  return new AppError('INVALID_ARGUMENT', `The pack at ${path} has ${problems.length} problem${problems.length === 1 ? '' : 's'} (${lines[0] ?? ''}${problems.length > 1 ? ', …' : ''}). Fix them and open it again (meshdeck workshop validate lists them all).`, { problems: lines });
}

export class WorkshopService {
  private readonly store: ProgressStore;
  private readonly now: () => Date;

  constructor(private readonly options: WorkshopServiceOptions) {
    this.store = new ProgressStore(options.dataDir);
    this.now = options.now ?? (() => new Date());
  }

  private async load(path: string, source: PackSource): Promise<Opened> {
    const { pack, problems } = await loadPack(path);
    if (!pack) throw invalidPack(path, problems);
    return { pack, source };
  }

  private builtInPath(): string {
    return `${this.options.builtInDir}/${BUILT_IN_PACK_ID}`;
  }

  /** A pack by id (built-in, opened) or by its folder. */
  private async resolve(ref: string | undefined): Promise<Opened> {
    const wanted = ref ?? BUILT_IN_PACK_ID;
    if (wanted === BUILT_IN_PACK_ID) return this.load(this.builtInPath(), 'built-in');
    for (const path of await this.store.openedPacks()) {
      const { pack } = await loadPack(path);
      if (pack && (pack.id === wanted || path === wanted)) return { pack, source: 'opened' };
    }
    if (/^[a-z0-9-]+$/.test(wanted) && !wanted.includes('/')) {
      const builtIn = await loadPack(`${this.options.builtInDir}/${wanted}`);
      if (builtIn.pack) return { pack: builtIn.pack, source: 'built-in' };
    }
    return this.load(wanted, 'opened');
  }

  private lab(): Promise<string> {
    return this.options.labKey().catch(() => NO_LAB);
  }

  private async progress(pack: LessonPack): Promise<PackProgress> {
    return this.store.read(await this.lab(), pack.id);
  }

  private lessonOf(pack: LessonPack, id: string | undefined, progress: PackProgress): PackLesson {
    const wanted = id ?? progress.current;
    if (!wanted) throw new AppError('INVALID_ARGUMENT', `No lesson is current in ${pack.id}; name one (meshdeck workshop list shows them) or start one first.`);
    const lesson = pack.lessons.find((l) => l.id === wanted);
    if (!lesson) throw new AppError('NOT_FOUND', `Pack ${pack.id} has no lesson "${wanted}"; its lessons are ${pack.lessons.map((l) => l.id).join(', ')}.`, { lesson: wanted });
    return lesson;
  }

  private async save(pack: LessonPack, change: (progress: PackProgress) => void, lesson?: string): Promise<WorkshopChangedInfo> {
    const progress = await this.store.update(await this.lab(), pack.id, change);
    const info: WorkshopChangedInfo = { pack: pack.id, current: progress.current, ...(lesson ? { lesson } : {}) };
    this.options.emit(info);
    return info;
  }

  async packs(): Promise<WorkshopPackSummaryInfo[]> {
    const out: WorkshopPackSummaryInfo[] = [];
    const builtIn = await loadPack(this.builtInPath());
    if (builtIn.pack) out.push(packSummary(builtIn.pack, 'built-in', await this.progress(builtIn.pack)));
    for (const path of await this.store.openedPacks()) {
      const { pack } = await loadPack(path);
      if (pack) out.push(packSummary(pack, 'opened', await this.progress(pack)));
    }
    return out;
  }

  async open(path: string): Promise<WorkshopPackSummaryInfo> {
    const { pack } = await this.load(path, 'opened');
    await this.store.rememberPack(pack.path);
    return packSummary(pack, 'opened', await this.progress(pack));
  }

  async validate(path: string): Promise<WorkshopMethodResults['workshop.validate']> {
    const { pack, problems } = await loadPack(path);
    return { pack: pack ? packSummary(pack, 'opened', { current: null, lessons: {} }) : null, problems };
  }

  async pack(ref: string | undefined): Promise<WorkshopPackInfo> {
    const { pack, source } = await this.resolve(ref);
    return packInfo(pack, source, await this.progress(pack), await this.warnings(pack));
  }

  private async warnings(pack: LessonPack): Promise<string[]> {
    const range = pack.requires.istio;
    const version = range ? await this.options.istioVersion().catch(() => undefined) : undefined;
    return range && version && !satisfies(version, range) ? [`This pack wants Istio ${range}; the lab runs ${version}. Lessons may not behave as written.`] : [];
  }

  async lesson(ref: string | undefined, id: string): Promise<WorkshopLessonInfo> {
    const { pack } = await this.resolve(ref);
    const progress = await this.progress(pack);
    return lessonInfo(pack, this.lessonOf(pack, id, progress), progress);
  }

  async hint(ref: string | undefined, lessonId: string | undefined, taskId: string | undefined): Promise<WorkshopMethodResults['workshop.hint']> {
    const { pack } = await this.resolve(ref);
    const progress = await this.progress(pack);
    const lesson = this.lessonOf(pack, lessonId, progress);
    const task = taskId ? lesson.tasks.find((t) => t.id === taskId) : (lesson.tasks.find((t) => !progress.lessons[lesson.id]?.tasks[t.id]?.passedAt) ?? lesson.tasks.at(-1));
    if (!task) throw new AppError('NOT_FOUND', `Lesson ${lesson.id} has no task "${taskId ?? ''}"; its tasks are ${lesson.tasks.map((t) => t.id).join(', ')}.`);
    if (task.hint === undefined) throw new AppError('NOT_FOUND', `Task ${task.id} of ${lesson.id} has no hint; its instructions say what to do.`);
    await this.save(pack, (p) => {
      const l = lessonProgress(p, lesson.id);
      l.tasks[task.id] = { ...l.tasks[task.id], hintRevealed: true };
    }, lesson.id);
    return { lesson: lesson.id, task: task.id, hint: task.hint };
  }

  async select(ref: string | undefined, id: string, direction: 'here' | 'next' | 'previous' = 'here'): Promise<WorkshopChangedInfo> {
    const { pack } = await this.resolve(ref);
    const index = pack.lessons.findIndex((l) => l.id === this.lessonOf(pack, id, { current: null, lessons: {} }).id);
    const target = pack.lessons[Math.min(pack.lessons.length - 1, Math.max(0, index + (direction === 'next' ? 1 : direction === 'previous' ? -1 : 0)))] as PackLesson;
    return this.save(pack, (p) => void (p.current = target.id), target.id);
  }

  private run(title: string, work: (task: TaskContext) => Promise<WorkshopTaskResultInfo>): TaskRefInfo {
    return { taskId: this.options.tasks.start('workshop', title, work).id };
  }

  async start(ref: string | undefined, id: string): Promise<TaskRefInfo> {
    const { pack } = await this.resolve(ref);
    const lesson = this.lessonOf(pack, id, { current: null, lessons: {} });
    return this.run(`Start lesson ${lesson.title}`, async (task) => {
      const objects = await startLesson(lesson, this.options.lab, task);
      await this.save(pack, (p) => {
        p.current = lesson.id;
        lessonProgress(p, lesson.id).startedAt ??= this.now().toISOString();
      }, lesson.id);
      return { kind: 'workshop-action', action: actionInfo(pack, lesson.id, 'start', objects) };
    });
  }

  async check(ref: string | undefined, id: string | undefined): Promise<TaskRefInfo> {
    const { pack } = await this.resolve(ref);
    const lesson = this.lessonOf(pack, id, await this.progress(pack));
    return this.run(`Check lesson ${lesson.title}`, async (task) => {
      const progress = await this.progress(pack);
      const check = await checkLesson(pack, lesson, progress, this.options.lab, task, this.now);
      await this.save(pack, (p) => void (p.lessons[lesson.id] = progress.lessons[lesson.id] ?? { tasks: {} }), lesson.id);
      return { kind: 'workshop-check', check };
    });
  }

  async solve(ref: string | undefined, id: string, only: string | undefined): Promise<TaskRefInfo> {
    const { pack } = await this.resolve(ref);
    const progress = await this.progress(pack);
    const lesson = this.lessonOf(pack, id, progress);
    if (only && !lesson.tasks.some((t) => t.id === only)) throw new AppError('NOT_FOUND', `Lesson ${lesson.id} has no task "${only}"; its tasks are ${lesson.tasks.map((t) => t.id).join(', ')}.`);
    return this.run(`Solve lesson ${lesson.title}`, async (task) => {
      const objects = await solveLesson(lesson, only, progress, this.options.lab, task);
      return { kind: 'workshop-action', action: actionInfo(pack, lesson.id, 'solve', objects) };
    });
  }

  async reset(ref: string | undefined, id: string | undefined, all: boolean | undefined): Promise<TaskRefInfo> {
    const { pack } = await this.resolve(ref);
    if (all) {
      return this.run(`Reset workshop ${pack.title}`, async (task) => {
        const objects = await resetLesson(pack.lessons, this.options.lab, task, false);
        task.step('Restoring the lab\'s routing');
        await this.options.lab.resetRouting(task);
        await this.save(pack, (p) => Object.assign(p, { current: null, lessons: {} }));
        return { kind: 'workshop-action', action: actionInfo(pack, null, 'reset-all', objects) };
      });
    }
    const lesson = this.lessonOf(pack, id, await this.progress(pack));
    return this.run(`Reset lesson ${lesson.title}`, async (task) => {
      const objects = await resetLesson([lesson], this.options.lab, task, true);
      await this.save(pack, (p) => void delete p.lessons[lesson.id], lesson.id);
      return { kind: 'workshop-action', action: actionInfo(pack, lesson.id, 'reset', objects) };
    });
  }
}
