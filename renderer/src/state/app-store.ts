// App-wide state: which section is shown and what the core says about itself (version, face).
// The section mirrors the location hash so a reload stays where the user was.

import { create } from 'zustand';
import type { AppErrorInfo, AppStatusInfo, Client } from '../../../core/contract';
import { toErrorInfo } from '../model/error-text';
import type { SectionId } from '../model/sections';

export interface AppState {
  section: SectionId;
  status: AppStatusInfo | null;
  statusError: AppErrorInfo | null;
  showSection(section: SectionId): void;
  loadStatus(client: Pick<Client, 'call'>): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  section: 'setup',
  status: null,
  statusError: null,
  showSection: (section) => set({ section }),
  async loadStatus(client) {
    try {
      set({ status: await client.call('app.status', {}), statusError: null });
    } catch (error) {
      set({ statusError: toErrorInfo(error) });
    }
  },
}));
