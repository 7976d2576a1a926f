// The attendee's progress, one file per lab and pack: <dataDir>/workshop/<lab-key>/<pack-id>.json
// ({ current, lessons: { id: { startedAt, tasks: { id: { passedAt, hintRevealed } }, passedAt } } }),
// written atomically so a crash leaves the old or the new. The opened packs are remembered in
// <dataDir>/workshop/opened.json. A damaged file reads as no progress rather than stopping a class.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../tools';

export interface TaskProgress {
  passedAt?: string;
  hintRevealed?: boolean;
}

export interface LessonProgress {
  startedAt?: string;
  passedAt?: string;
  tasks: Record<string, TaskProgress>;
}

export interface PackProgress {
  current: string | null;
  lessons: Record<string, LessonProgress>;
}

/** A lab's context as a folder name ("kind-meshdeck"). */
export function labKey(context: string): string {
  return context.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'lab';
}

async function readJson<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export class ProgressStore {
  constructor(private readonly dataDir: string) {}

  private pathOf(lab: string, pack: string): string {
    return join(this.dataDir, 'workshop', labKey(lab), `${pack}.json`);
  }

  async read(lab: string, pack: string): Promise<PackProgress> {
    const value = await readJson<Partial<PackProgress>>(this.pathOf(lab, pack), {});
    return { current: typeof value.current === 'string' ? value.current : null, lessons: value.lessons && typeof value.lessons === 'object' ? value.lessons : {} };
  }

  write(lab: string, pack: string, progress: PackProgress): Promise<void> {
    return writeJsonAtomic(this.pathOf(lab, pack), progress);
  }

  /** Reads, changes and writes back one pack's progress. */
  async update(lab: string, pack: string, change: (progress: PackProgress) => void): Promise<PackProgress> {
    const progress = await this.read(lab, pack);
    change(progress);
    await this.write(lab, pack, progress);
    return progress;
  }

  openedPacks(): Promise<string[]> {
    return readJson<string[]>(join(this.dataDir, 'workshop', 'opened.json'), []).then((list) => (Array.isArray(list) ? list.filter((p) => typeof p === 'string') : []));
  }

  async rememberPack(path: string): Promise<void> {
    const list = await this.openedPacks();
    if (!list.includes(path)) await writeJsonAtomic(join(this.dataDir, 'workshop', 'opened.json'), [...list, path]);
  }
}

export function lessonProgress(progress: PackProgress, lesson: string): LessonProgress {
  const found = progress.lessons[lesson] ?? { tasks: {} };
  progress.lessons[lesson] = found;
  return found;
}
