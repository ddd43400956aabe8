// Deterministic session data: the same seed always gives the same contacts, stock and
// profile. The names here are deliberately not those of tasks/params.ts, so a contact a
// task adds by a generated name never collides with a seeded one.
import { mulberry32 } from '../../common/random.js';
import { PRODUCTS, SOLD_OUT } from './catalog.js';
import { BadRequest } from './http.js';
import type { Contact, Profile, SessionState, Todo } from './state.js';

/** The data a session starts with, and what /reset gives without a seed. */
export const DEFAULT_SEED = 0;
/** Every seeded profile's password, so a task can name the current one. */
export const DEFAULT_PASSWORD = 'changeme123';

const FIRST = ['Beatrix', 'Cyrus', 'Delphine', 'Elias', 'Fiona', 'Gideon', 'Harriet', 'Isidore', 'Juniper',
  'Leopold', 'Marisol', 'Nikolai', 'Ophelia', 'Percival', 'Rosalind', 'Thaddeus'];
const LAST = ['Holloway', 'Pemberton', 'Ashcroft', 'Whitlock', 'Marchetti', 'Calloway', 'Fairbanks',
  'Thornbury', 'Lockhart', 'Vandermeer', 'Kingsley', 'Blackwood'];
const COMPANIES = ['Northwind Traders', 'Blue Heron Labs', 'Copperline Studio', 'Meridian Health',
  'Oakridge Logistics', 'Silverpine Books'];
const NOTES = ['Met at the spring conference.', 'Prefers email over calls.', 'Old friend from school.', ''];
/** A fresh session's todos come from these; the demo tasks' setups replace the list with their own. */
export const SEEDED_TODOS = ['Water the plants', 'Call the plumber', 'Return the library books', 'Renew the passport',
  'Fix the bike light', 'Book a haircut', 'Sort the recycling', 'Write to grandma', 'Clean the oven', 'Plan the weekend hike'];

export function seededState(seed: number = DEFAULT_SEED): SessionState {
  const r = mulberry32(Math.imul(seed, 0x9e3779b1) + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const contacts = seededContacts(r, pick);
  const stock = Object.fromEntries(PRODUCTS.map((p) => [p.id, p.id === SOLD_OUT ? 0 : 5 + Math.floor(r() * 20)]));
  const first = pick(FIRST);
  const last = pick(LAST);
  const profile: Profile = {
    display_name: `${first} ${last}`,
    email: `${first}.${last}@example.org`.toLowerCase(),
    phone: phoneFrom(r),
    bio: `Works at ${pick(COMPANIES)}.`,
    theme: 'system',
    language: 'en',
    notifications: { email: true, sms: false, push: false, product_news: true, weekly_digest: false },
    deleted: false,
  };
  const todos = seededTodos(seed);
  return {
    contacts,
    next_contact_id: contacts.length + 1,
    stock,
    cart: [],
    shipping: null,
    orders: [],
    profile,
    password: DEFAULT_PASSWORD,
    challenge: null,
    todos,
    next_todo_id: todos.length + 1,
  };
}

/** 0 to 2 open todos. A stream of their own, so the other apps' data stays what it was for every seed. */
function seededTodos(seed: number): Todo[] {
  const r = mulberry32(Math.imul(seed, 0x85ebca6b) + 7);
  const titles = new Set<string>();
  const count = Math.floor(r() * 3);
  while (titles.size < count) titles.add(SEEDED_TODOS[Math.floor(r() * SEEDED_TODOS.length)]!);
  return [...titles].map((title, i) => ({ id: i + 1, title, completed: false }));
}

function seededContacts(r: () => number, pick: <T>(xs: readonly T[]) => T): Contact[] {
  const names = new Set<string>();
  while (names.size < 6 + Math.floor(r() * 3)) names.add(`${pick(FIRST)} ${pick(LAST)}`);
  return [...names].sort().map((name, i) => {
    const company = pick(COMPANIES);
    const domain = company.toLowerCase().replace(/[^a-z]+/g, '');
    return {
      id: i + 1,
      name,
      email: `${name.toLowerCase().replace(' ', '.')}@${domain}.example`,
      phone: phoneFrom(r),
      company,
      notes: pick(NOTES),
    };
  });
}

/** 555-0100..555-0999: never one the phone generator of tasks/params.ts draws (555-1000..9999). */
const phoneFrom = (r: () => number) => `555-0${100 + Math.floor(r() * 900)}`;

/** A seed from a query string or form field; a BadRequest naming the bad value otherwise. */
export function seedOf(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new BadRequest(`seed "${text}" is not a whole number from 0 to 999999999`);
  return Number(text);
}
