import { createApp } from 'vue';
// Registers every <seal-*> tag, before Vue renders the first one.
import 'sealbox/define';
// The template types of the tags: their properties and @seal-* events.
import type {} from 'sealbox/vue';
import App from './App.vue';

createApp(App).mount('#app');
