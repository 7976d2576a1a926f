// The renderer's entry: pick the transport, wrap it in the typed client, render the app.

import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../core/contract';
import { CoreContext, type CoreConnection } from './client-context';
import { App } from './components/App';
import { selectTransport } from './transport/select-transport';

const transport = selectTransport(window);
const core: CoreConnection = { client: createClient(transport.bridge), connection: transport.connection };
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CoreContext value={core}>
      <App />
    </CoreContext>
  </StrictMode>,
);
