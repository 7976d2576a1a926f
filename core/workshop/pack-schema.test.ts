import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LESSON_PACK_SCHEMA } from './pack-schema';

const PUBLISHED = join(import.meta.dirname, '..', '..', 'resources', 'workshops', 'lesson-pack.schema.json');

describe('the published lesson pack schema', () => {
  it('is the schema the loader validates with (regenerate resources/workshops/lesson-pack.schema.json from LESSON_PACK_SCHEMA)', () => {
    expect(JSON.parse(readFileSync(PUBLISHED, 'utf8'))).toEqual(JSON.parse(JSON.stringify(LESSON_PACK_SCHEMA)));
  });

  it('compiles on its own and takes a single-file pack with an inline lesson', () => {
    const validate = new Ajv({ discriminator: true, strictRequired: false }).compile(LESSON_PACK_SCHEMA);
    const pack = parse(readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'workshop', 'mini', 'pack.yaml'), 'utf8'));
    expect(validate(pack), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...pack, lessons: [{ file: 'x.yaml', extra: 1 }] })).toBe(false);
  });
});
