import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { setBasePath } from 'sealbox';
// Registers every <seal-*> tag, before Angular renders the first one.
import 'sealbox/define';
import { App } from './app/app';

// Angular's builder does not bundle workers that a package starts, so `npm run workers` (run before
// `start` and `build`) bundles Sealbox's two workers into public/sealbox/, served as /sealbox/.
setBasePath('/sealbox/');

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
