// /ws/app: the application-wide channel behind the connection indicator and the jobs
// indicator (the job feed of every kind). Later features push their app-wide events here.
import * as z from 'zod';
import { commonClientMessages, commonServerMessages } from './envelope.ts';
import { jobClientMessages, jobServerMessages } from './jobs.ts';

export const AppClientMessage = z.discriminatedUnion('type', [...commonClientMessages, ...jobClientMessages]);
export type AppClientMessage = z.infer<typeof AppClientMessage>;

export const AppServerMessage = z.discriminatedUnion('type', [...commonServerMessages, ...jobServerMessages]);
export type AppServerMessage = z.infer<typeof AppServerMessage>;
