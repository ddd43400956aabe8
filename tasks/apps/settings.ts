// The settings app (/settings/): profile, password, notifications, appearance, account
// deletion. The alert toggles are a custom element with an open shadow root (see
// alert-toggles.ts), so agents meet shadow DOM in a realistic place.
import { ALERT_TOGGLES_SCRIPT } from './alert-toggles.js';
import { BadRequest, field, html, json, redirect, type Ctx, type Html, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import { CHANNELS, LANGUAGES, THEMES, type Profile } from './state.js';

const NOTICES: Record<string, string> = {
  profile: 'Profile saved.',
  password: 'Password changed.',
  notifications: 'Notification settings saved.',
  appearance: 'Appearance saved.',
  deleted: 'Your account has been deleted.',
};

const ALERTS = ['email', 'sms', 'push'] as const;
const NEWSLETTERS = ['product_news', 'weekly_digest'] as const;

export const settingsRoutes: Route[] = [
  { method: 'GET', path: /^\/settings\/$/, run: overview },
  { method: 'GET', path: /^\/settings\/profile$/, run: (ctx) => profileForm(ctx, ctx.state.profile, []) },
  { method: 'POST', path: /^\/settings\/profile$/, run: saveProfile },
  { method: 'GET', path: /^\/settings\/password$/, run: (ctx) => passwordForm(ctx, []) },
  { method: 'POST', path: /^\/settings\/password$/, run: changePassword },
  { method: 'GET', path: /^\/settings\/notifications$/, run: notifications },
  { method: 'POST', path: /^\/settings\/notifications$/, run: saveNotifications },
  { method: 'GET', path: /^\/settings\/appearance$/, run: appearance },
  { method: 'POST', path: /^\/settings\/appearance$/, run: saveAppearance },
  { method: 'GET', path: /^\/settings\/delete$/, run: (ctx) => deleteForm(ctx, []) },
  { method: 'POST', path: /^\/settings\/delete$/, run: deleteAccount },
  { method: 'GET', path: /^\/settings\/api\/profile$/, run: (ctx) => json(ctx.state.profile) },
  { method: 'POST', path: /^\/settings\/api\/verify-password$/, run: verifyPassword },
];

const settingsNav = html`<nav class="sub" aria-label="Settings"><a href="/settings/">Overview</a><a href="/settings/profile">Profile</a><a href="/settings/password">Password</a><a href="/settings/notifications">Notifications</a><a href="/settings/appearance">Appearance</a><a href="/settings/delete">Delete account</a></nav>`;

/** Every settings page but the overview: a deleted account has nothing left to set. */
function settingsPage(ctx: Ctx, title: string, body: Html, errors: string[] = []): Reply {
  if (ctx.state.profile.deleted) return redirect('/settings/');
  return layout(ctx, {
    title,
    errors,
    status: errors.length ? 422 : 200,
    notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''],
    body: html`${settingsNav}<h1>${title}</h1>${body}`,
  });
}

function overview(ctx: Ctx): Reply {
  const p = ctx.state.profile;
  const body = p.deleted
    ? html`<h1>Settings</h1><p>This account has been deleted. Reset the practice data to start again.</p>`
    : html`${settingsNav}<h1>Settings</h1>
<dl class="card">
  <dt>Display name</dt><dd>${p.display_name}</dd>
  <dt>Email</dt><dd>${p.email}</dd>
  <dt>Phone</dt><dd>${p.phone}</dd>
  <dt>Theme</dt><dd>${THEMES[p.theme]}</dd>
  <dt>Language</dt><dd>${LANGUAGES[p.language]}</dd>
</dl>`;
  return layout(ctx, { title: 'Settings', notice: NOTICES[ctx.url.searchParams.get('notice') ?? ''], body });
}

function profileForm(ctx: Ctx, p: Pick<Profile, 'display_name' | 'email' | 'phone' | 'bio'>, errors: string[]): Reply {
  const input = (k: 'display_name' | 'email' | 'phone', label: string, type: string) =>
    html`<div><label for="profile-${k}">${label}</label><input id="profile-${k}" name="${k}" type="${type}" value="${p[k]}"></div>`;
  return settingsPage(ctx, 'Profile', html`<form class="stack" method="post" action="/settings/profile">
${input('display_name', 'Display name', 'text')}
${input('email', 'Email', 'email')}
${input('phone', 'Phone', 'tel')}
<div><label for="profile-bio">Bio</label><textarea id="profile-bio" name="bio" rows="3">${p.bio}</textarea></div>
<p><input type="submit" value="Save profile"></p>
</form>`, errors);
}

async function saveProfile(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const p = { display_name: field(f, 'display_name'), email: field(f, 'email'), phone: field(f, 'phone'), bio: field(f, 'bio') };
  const errors: string[] = [];
  if (!p.display_name) errors.push('Display name is required.');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.email)) errors.push(`Email "${p.email}" is not an email address like ada@example.com.`);
  if (errors.length) return profileForm(ctx, p, errors);
  Object.assign(ctx.state.profile, p);
  return redirect('/settings/profile?notice=profile');
}

function passwordForm(ctx: Ctx, errors: string[]): Reply {
  const input = (k: string, label: string) =>
    html`<div><label for="${k}">${label}</label><input id="${k}" name="${k}" type="password" autocomplete="off"></div>`;
  return settingsPage(ctx, 'Password', html`<form class="stack" method="post" action="/settings/password">
${input('current_password', 'Current password')}
${input('new_password', 'New password')}
${input('confirm_password', 'Confirm new password')}
<p><input type="submit" value="Change password"></p>
</form>`, errors);
}

async function changePassword(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const next = f.get('new_password') ?? '';
  const errors: string[] = [];
  if ((f.get('current_password') ?? '') !== ctx.state.password) errors.push('The current password is wrong.');
  if (next.length < 8) errors.push('The new password must be at least 8 characters long.');
  if (next !== (f.get('confirm_password') ?? '')) errors.push('The new password and its confirmation do not match.');
  if (errors.length) return passwordForm(ctx, errors);
  ctx.state.password = next;
  return redirect('/settings/password?notice=password');
}

function notifications(ctx: Ctx): Reply {
  const n = ctx.state.profile.notifications;
  const on = ALERTS.filter((k) => n[k]).map((k) => html` ${k}`);
  return settingsPage(ctx, 'Notifications', html`<alert-toggles${on}></alert-toggles>
<script>${ALERT_TOGGLES_SCRIPT}</script>
<form class="stack" method="post" action="/settings/notifications">
<fieldset><legend>Newsletters</legend>
${NEWSLETTERS.map((k) => html`<div><span><input type="checkbox" id="newsletter-${k}" name="${k}"${n[k] ? html` checked` : ''}> <label for="newsletter-${k}">${CHANNELS[k]}</label></span></div>`)}
</fieldset>
<input type="hidden" name="group" value="newsletters">
<p><button type="submit">Save newsletter preferences</button></p>
</form>`);
}

async function saveNotifications(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const group = field(f, 'group');
  const keys = group === 'alerts' ? ALERTS : group === 'newsletters' ? NEWSLETTERS : undefined;
  if (!keys) throw new BadRequest(`group "${group}" is not one of alerts, newsletters`);
  for (const k of keys) ctx.state.profile.notifications[k] = f.has(k);
  return redirect('/settings/notifications?notice=notifications');
}

function appearance(ctx: Ctx): Reply {
  const p = ctx.state.profile;
  const select = (name: string, label: string, options: Record<string, string>, current: string) =>
    html`<div><label for="${name}">${label}</label><select id="${name}" name="${name}">${Object.entries(options).map(([v, text]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${text}</option>`)}</select></div>`;
  return settingsPage(ctx, 'Appearance', html`<form class="stack" method="post" action="/settings/appearance">
${select('theme', 'Theme', THEMES, p.theme)}
${select('language', 'Language', LANGUAGES, p.language)}
<p><button type="submit">Save appearance</button></p>
</form>`);
}

async function saveAppearance(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const theme = field(f, 'theme');
  const language = field(f, 'language');
  if (!(theme in THEMES)) throw new BadRequest(`theme "${theme}" is not one of ${Object.keys(THEMES).join(', ')}`);
  if (!(language in LANGUAGES)) throw new BadRequest(`language "${language}" is not one of ${Object.keys(LANGUAGES).join(', ')}`);
  ctx.state.profile.theme = theme as Profile['theme'];
  ctx.state.profile.language = language as Profile['language'];
  return redirect('/settings/appearance?notice=appearance');
}

function deleteForm(ctx: Ctx, errors: string[]): Reply {
  return settingsPage(ctx, 'Delete account', html`<p>Deleting your account removes your profile and settings. This cannot be undone.</p>
<form class="stack" method="post" action="/settings/delete">
<div><label for="confirm">Type DELETE to confirm</label><input id="confirm" name="confirm" type="text" autocomplete="off"></div>
<p><input type="submit" class="danger" value="Delete my account"> <a href="/settings/">Cancel</a></p>
</form>`, errors);
}

async function deleteAccount(ctx: Ctx): Promise<Reply> {
  if (field(await ctx.form(), 'confirm') !== 'DELETE') return deleteForm(ctx, ['Type DELETE, in capital letters, to confirm.']);
  ctx.state.profile.deleted = true;
  return redirect('/settings/?notice=deleted');
}

async function verifyPassword(ctx: Ctx): Promise<Reply> {
  const body = await ctx.json() as { password?: unknown } | null;
  if (!body || typeof body.password !== 'string') throw new BadRequest('expected a JSON object like {"password": "..."}');
  return json({ ok: body.password === ctx.state.password });
}
