// <alert-toggles email sms push>: the alert channels as a custom element with an OPEN
// shadow root holding a real form (labelled checkboxes, a submit button) that POSTs to
// /settings/notifications like any other form. An attribute present means "on".
import { Html } from './http.js';
import { CHANNELS } from './state.js';

const channels = JSON.stringify((['email', 'sms', 'push'] as const).map((k) => [k, CHANNELS[k]]));

export const ALERT_TOGGLES_SCRIPT = new Html(`
customElements.define('alert-toggles', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const rows = ${channels}.map(function (c) {
      const checked = this.hasAttribute(c[0]) ? ' checked' : '';
      return '<div><input type="checkbox" id="alert-' + c[0] + '" name="' + c[0] + '"' + checked + '> ' +
        '<label for="alert-' + c[0] + '">' + c[1] + '</label></div>';
    }, this).join('');
    root.innerHTML =
      '<style>fieldset{border:1px solid #d5dae0;border-radius:6px;margin-bottom:1rem}' +
      'button{font:inherit;padding:.4rem .5rem;background:#1a5fa8;color:#fff;border:0;border-radius:4px}</style>' +
      '<form method="post" action="/settings/notifications"><fieldset><legend>Alerts</legend>' + rows +
      '<input type="hidden" name="group" value="alerts">' +
      '<p><button type="submit">Save alerts</button></p></fieldset></form>';
  }
});
`);
