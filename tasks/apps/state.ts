// Per-session data of the practice apps. A session is one browser context (a cookie),
// so parallel episodes never see each other's contacts, carts, settings or todos.
import { randomBytes } from 'node:crypto';
import { seededState } from './seed.js';

export interface Contact {
  id: number;
  name: string;
  email: string;
  phone: string;
  company: string;
  notes: string;
}

export interface CartLine { product_id: string; quantity: number }

export interface Address {
  name: string;
  street: string;
  city: string;
  postal_code: string;
  country: string;
}

export interface Order {
  number: string;
  lines: { product_id: string; name: string; price_cents: number; quantity: number }[];
  total_cents: number;
  shipping: Address;
  card_last4: string;
  status: 'Confirmed';
}

export const THEMES = { system: 'System', light: 'Light', dark: 'Dark' } as const;
export const LANGUAGES = { en: 'English', de: 'Deutsch', es: 'Español', fr: 'Français' } as const;
export const CHANNELS = {
  email: 'Email notifications',
  sms: 'SMS notifications',
  push: 'Push notifications',
  product_news: 'Product news',
  weekly_digest: 'Weekly digest',
} as const;

export interface Profile {
  display_name: string;
  email: string;
  phone: string;
  bio: string;
  theme: keyof typeof THEMES;
  language: keyof typeof LANGUAGES;
  notifications: Record<keyof typeof CHANNELS, boolean>;
  deleted: boolean;
}

export interface Todo { id: number; title: string; completed: boolean }

export interface ChallengeResult { seed: number; expected: string; chosen: string; correct: boolean }

export interface SessionState {
  contacts: Contact[];
  next_contact_id: number;
  /** Units in stock by product id. */
  stock: Record<string, number>;
  cart: CartLine[];
  shipping: Address | null;
  orders: Order[];
  profile: Profile;
  /** Kept out of every API answer; checks use POST /settings/api/verify-password. */
  password: string;
  challenge: ChallengeResult | null;
  todos: Todo[];
  next_todo_id: number;
}

export const COOKIE = 'cairn_practice';
const MAX_SESSIONS = 2000;
const VALID_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Sessions by cookie value, least recently used first (evicted beyond MAX_SESSIONS). */
export class Sessions {
  private readonly byId = new Map<string, SessionState>();

  /** The session a request names, created with the default data when new; `isNew` asks for a Set-Cookie. */
  get(cookieHeader: string | undefined): { id: string; state: SessionState; isNew: boolean } {
    const given = readCookie(cookieHeader, COOKIE);
    const id = given && VALID_ID.test(given) ? given : randomBytes(12).toString('hex');
    let state = this.byId.get(id);
    if (state) this.byId.delete(id);
    else state = seededState(undefined);
    this.byId.set(id, state);
    if (this.byId.size > MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value!);
    return { id, state, isNew: id !== given };
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
