// The workshop's typed view of the one client (see workshop-client.ts).

import { useMemo } from 'react';
import { useCore } from '../../client-context';
import { workshopClient, type WorkshopClient } from '../../state/workshop-client';

export function useWorkshopClient(): WorkshopClient {
  const { client } = useCore();
  return useMemo(() => workshopClient(client), [client]);
}
