import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registers every <seal-*> tag, before React renders the first one.
import 'sealbox/define';
// The JSX types of the tags: their properties, attributes and onseal-* events.
import type {} from 'sealbox/react';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
