// /ws/app: the application-wide channel behind the connection indicator. Later features
// push their app-wide events here.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages } from './envelope.ts';

export const AppClientMessage = z.discriminatedUnion('type', [...commonClientMessages]);
export type AppClientMessage = z.infer<typeof AppClientMessage>;

export const AppServerMessage = z.discriminatedUnion('type', [...commonServerMessages]);
export type AppServerMessage = z.infer<typeof AppServerMessage>;
