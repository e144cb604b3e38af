/* global document, window */
// Progressive enhancement only: every page works without it. No inline script (CSP).
import { initAll } from '/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
document.querySelectorAll('[data-print]').forEach((b) => b.addEventListener('click', () => window.print()));
