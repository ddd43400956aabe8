// The contacts app (/contacts/): list, search, view, add, edit, delete with a confirmation
// page; JSON at /contacts/api/contacts for checks and setup.
import { BadRequest, NotFound, field, html, json, redirect, type Ctx, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import type { Contact } from './state.js';

type ContactFields = Omit<Contact, 'id'>;
const FIELDS = ['name', 'email', 'phone', 'company', 'notes'] as const;

const NOTICES: Record<string, string> = {
  added: 'Contact added.',
  saved: 'Contact saved.',
  deleted: 'Contact deleted.',
};

export const contactRoutes: Route[] = [
  { method: 'GET', path: /^\/contacts\/$/, run: list },
  { method: 'GET', path: /^\/contacts\/new$/, run: (ctx) => form(ctx, 'Add contact', '/contacts/new', emptyContact()) },
  { method: 'POST', path: /^\/contacts\/new$/, run: add },
  { method: 'GET', path: /^\/contacts\/(\d+)$/, run: (ctx, [id]) => view(ctx, find(ctx, id)) },
  { method: 'GET', path: /^\/contacts\/(\d+)\/edit$/, run: (ctx, [id]) => { const c = find(ctx, id); return form(ctx, `Edit ${c.name}`, `/contacts/${c.id}/edit`, c); } },
  { method: 'POST', path: /^\/contacts\/(\d+)\/edit$/, run: edit },
  { method: 'GET', path: /^\/contacts\/(\d+)\/delete$/, run: (ctx, [id]) => confirmDelete(ctx, find(ctx, id)) },
  { method: 'POST', path: /^\/contacts\/(\d+)\/delete$/, run: remove },
  { method: 'GET', path: /^\/contacts\/api\/contacts$/, run: (ctx) => json(ctx.state.contacts) },
  { method: 'POST', path: /^\/contacts\/api\/contacts$/, run: addFromJson },
];

function list(ctx: Ctx): Reply {
  const q = (ctx.url.searchParams.get('q') ?? '').trim();
  const needle = q.toLowerCase();
  const shown = ctx.state.contacts.filter((c) =>
    !needle || [c.name, c.email, c.phone, c.company].some((v) => v.toLowerCase().includes(needle)));
  return layout(ctx, {
    title: 'Contacts',
    notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''],
    body: html`<h1>Contacts</h1>
<nav class="sub"><a href="/contacts/new">Add contact</a></nav>
<form method="get" action="/contacts/" role="search">
  <label for="contact-search">Search contacts</label>
  <input id="contact-search" name="q" type="search" value="${q}">
  <input type="submit" value="Search">
  ${q ? html`<a href="/contacts/">Clear search</a>` : ''}
</form>
${q ? html`<p>${shown.length} result${shown.length === 1 ? '' : 's'} for “${q}”</p>` : ''}
${shown.length === 0 ? html`<p>No contacts found.</p>` : html`<table>
<thead><tr><th>Name</th><th>Email</th><th>Company</th></tr></thead>
<tbody>${shown.map((c) => html`<tr><td><a href="/contacts/${c.id}">${c.name}</a></td><td>${c.email}</td><td>${c.company}</td></tr>`)}</tbody>
</table>`}`,
  });
}

function view(ctx: Ctx, c: Contact): Reply {
  return layout(ctx, {
    title: c.name,
    notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''],
    body: html`<p><a href="/contacts/">Back to contacts</a></p>
<h1>${c.name}</h1>
<dl class="card">
  <dt>Email</dt><dd>${c.email}</dd>
  <dt>Phone</dt><dd>${c.phone}</dd>
  <dt>Company</dt><dd>${c.company}</dd>
  <dt>Notes</dt><dd>${c.notes}</dd>
</dl>
<nav class="sub"><a href="/contacts/${c.id}/edit">Edit contact</a><a href="/contacts/${c.id}/delete">Delete contact</a></nav>`,
  });
}

function form(ctx: Ctx, title: string, action: string, c: ContactFields, errors: string[] = []): Reply {
  const input = (name: (typeof FIELDS)[number], label: string, type: string) => html`<div>
  <label for="contact-${name}">${label}</label>
  <input id="contact-${name}" name="${name}" type="${type}" value="${c[name]}"${name === 'name' ? html` required` : ''}>
</div>`;
  return layout(ctx, {
    title,
    errors,
    status: errors.length ? 422 : 200,
    body: html`<h1>${title}</h1>
<form class="stack" method="post" action="${action}">
${input('name', 'Name', 'text')}
${input('email', 'Email', 'email')}
${input('phone', 'Phone', 'tel')}
${input('company', 'Company', 'text')}
<div>
  <label for="contact-notes">Notes</label>
  <textarea id="contact-notes" name="notes" rows="3">${c.notes}</textarea>
</div>
<p><input type="submit" value="Save contact"> <a href="/contacts/">Cancel</a></p>
</form>`,
  });
}

async function add(ctx: Ctx): Promise<Reply> {
  const fields = fromForm(await ctx.form());
  const errors = problems(fields);
  if (errors.length) return form(ctx, 'Add contact', '/contacts/new', fields, errors);
  const c = insert(ctx, fields);
  return redirect(`/contacts/${c.id}?notice=added`);
}

async function edit(ctx: Ctx, [id]: string[]): Promise<Reply> {
  const c = find(ctx, id);
  const fields = fromForm(await ctx.form());
  const errors = problems(fields);
  if (errors.length) return form(ctx, `Edit ${c.name}`, `/contacts/${c.id}/edit`, fields, errors);
  Object.assign(c, fields);
  return redirect(`/contacts/${c.id}?notice=saved`);
}

function confirmDelete(ctx: Ctx, c: Contact): Reply {
  return layout(ctx, {
    title: `Delete ${c.name}`,
    body: html`<h1>Delete ${c.name}?</h1>
<p>This removes the contact and cannot be undone.</p>
<form method="post" action="/contacts/${c.id}/delete" class="inline">
  <button type="submit" class="danger">Yes, delete contact</button>
</form>
<a href="/contacts/${c.id}">Cancel</a>`,
  });
}

function remove(ctx: Ctx, [id]: string[]): Reply {
  const c = find(ctx, id);
  ctx.state.contacts = ctx.state.contacts.filter((x) => x !== c);
  return redirect('/contacts/?notice=deleted');
}

async function addFromJson(ctx: Ctx): Promise<Reply> {
  const body = await ctx.json();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('expected a JSON object like {"name": "Ada Berg", "phone": "555-1234"}');
  const given = body as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw new BadRequest(`unknown field ${unknown.join(', ')}; expected some of ${FIELDS.join(', ')}`);
  const fields = emptyContact();
  for (const k of FIELDS) {
    const v = given[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new BadRequest(`field "${k}" must be a string, got ${JSON.stringify(v)}`);
    fields[k] = v.trim();
  }
  const errors = problems(fields);
  if (errors.length) throw new BadRequest(errors.join('; '));
  return json(insert(ctx, fields), 201);
}

function insert(ctx: Ctx, fields: ContactFields): Contact {
  const c = { id: ctx.state.next_contact_id++, ...fields };
  ctx.state.contacts.push(c);
  return c;
}

function find(ctx: Ctx, id: string | undefined): Contact {
  const c = ctx.state.contacts.find((x) => x.id === Number(id));
  if (!c) throw new NotFound(`No contact with id ${id}.`);
  return c;
}

const emptyContact = (): ContactFields => ({ name: '', email: '', phone: '', company: '', notes: '' });

function fromForm(form: URLSearchParams): ContactFields {
  const c = emptyContact();
  for (const k of FIELDS) c[k] = field(form, k);
  return c;
}

function problems(c: ContactFields): string[] {
  const out: string[] = [];
  if (!c.name) out.push('Name is required.');
  if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) out.push(`Email "${c.email}" is not an email address like ada@example.com.`);
  if (c.phone && !/^\+?[\d][\d\s().-]{2,}$/.test(c.phone)) out.push(`Phone "${c.phone}" is not a phone number like 555-1234.`);
  return out;
}
