// Contract handlers for the offline kit: export and import start tasks on the core's task manager.
import type { KitService } from '../../kit';
import type { Handlers } from '../../rpc';

type KitHandlers = Pick<Handlers, 'kit.export' | 'kit.import'>;

export function kitHandlers(kit: KitService): KitHandlers {
  return {
    'kit.export': (params) => ({ taskId: kit.export(params).id }),
    'kit.import': (params) => ({ taskId: kit.import(params).id }),
  };
}
