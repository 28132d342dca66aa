// /ws/app: the app-wide channel; the UI's connection indicator is this socket's state.
import { AppClientMessage, WS_PATHS, type AppServerMessage } from '../protocol/index.ts';
import { Endpoint, type EndpointContext } from './endpoint.ts';

export function createAppEndpoint(context: EndpointContext) {
  return new Endpoint<AppClientMessage, AppServerMessage>(
    {
      path: WS_PATHS.app,
      schema: AppClientMessage,
      onMessage() {
        // Only ping so far, answered by Endpoint; later features add app-wide requests.
      },
    },
    context,
  );
}
