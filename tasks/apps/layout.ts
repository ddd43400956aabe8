// The page shell every practice app renders into: one inline stylesheet (no external
// resources, no animations), a site header, and the theme the settings app chose.
import { Html, html, page, type Ctx, type Reply } from './http.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d232a;background:#f6f7f9}
body.dark{color:#e8eaed;background:#1b1f24}
body.dark .card,body.dark table,body.dark fieldset{background:#252a31}
header{display:flex;gap:1.5rem;align-items:center;padding:.75rem 1.5rem;background:#22405c;color:#fff}
header a{color:#fff;text-decoration:none}
header .brand{font-weight:700}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
nav.sub{display:flex;gap:1rem;margin-bottom:1rem;flex-wrap:wrap}
a{color:#1a5fa8}
body.dark a{color:#8ab8ff}
h1{margin-top:0}
.card{background:#fff;border:1px solid #d5dae0;border-radius:6px;padding:1rem;margin-bottom:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d5dae0}
form.stack{display:grid;gap:.75rem;max-width:28rem}
form.stack div{display:grid;gap:.25rem}
form.inline{display:inline}
input,select,textarea,button{font:inherit;padding:.4rem .5rem}
button,input[type=submit]{background:#1a5fa8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.danger,input.danger{background:#b3261e}
fieldset{border:1px solid #d5dae0;border-radius:6px;background:#fff}
dl{display:grid;grid-template-columns:10rem 1fr;gap:.25rem 1rem}
dd{margin:0}
.notice{padding:.5rem 1rem;border-radius:4px;background:#e3f4e6;border:1px solid #8fcf9a}
.error{padding:.5rem 1rem;border-radius:4px;background:#fde8e7;border:1px solid #e79d98}
.price{font-weight:700}
`;
const STYLE = new Html(CSS);

export interface PageSpec {
  title: string;
  body: Html;
  notice?: string;
  errors?: string[];
  status?: number;
}

export function layout(ctx: Ctx, spec: PageSpec): Reply {
  const dark = ctx.state.profile.theme === 'dark';
  return page(html`<!doctype html>
<html lang="${ctx.state.profile.language}">
<head><meta charset="utf-8"><title>${spec.title} · cairn practice</title><style>${STYLE}</style></head>
<body${dark ? html` class="dark"` : ''}>
<header><a class="brand" href="/">cairn practice</a><a href="/contacts/">Contacts</a><a href="/shop/">Shop</a><a href="/settings/">Settings</a><a href="/challenge">Challenge</a></header>
<main>
${spec.notice ? html`<p class="notice" role="status">${spec.notice}</p>` : ''}
${spec.errors?.length ? html`<div class="error" role="alert"><p>Please fix the following:</p><ul>${spec.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
${spec.body}
</main>
</body>
</html>`, spec.status);
}

/** A bare document for embedded frames: the stylesheet and nothing around the body. */
export function frameLayout(title: string, body: Html): Reply {
  return page(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body style="background:transparent">${body}</body></html>`);
}
