// Contract handler for images.list: what the lab needs and where each image is (core/lab's report).
import { AppError } from '../../contract';
import type { LabServiceWithRequests } from '../../lab';
import type { Handlers } from '../../rpc';

export function imageHandlers(lab: LabServiceWithRequests): Pick<Handlers, 'images.list'> {
  return {
    'images.list': async (params) => {
      if (!lab.images) throw new AppError('INTERNAL', 'This face has no image report.');
      return lab.images(params);
    },
  };
}
