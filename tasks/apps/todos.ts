// The todos app (/todos/): one page in the style of the classic todo-list demos. A todo is
// added by Enter (there is no Add button), its delete button shows only while its row is
// hovered, a double-click on its text edits it, the filters are hash links, and the footer
// lives in an open shadow root (todos-page.ts). The todos are kept per session on the
// server, like every practice app's data: /todos/api/todos for checks, /todos/api/replace
// for setup.
import { BadRequest, NotFound, json, type Ctx, type Reply, type Route } from './http.js';
import type { Todo } from './state.js';
import { todosPage } from './todos-page.js';

const TITLE_MAX = 200;

export const todoRoutes: Route[] = [
  { method: 'GET', path: /^\/todos\/$/, run: todosPage },
  { method: 'GET', path: /^\/todos\/api\/todos$/, run: (ctx) => json(ctx.state.todos) },
  { method: 'POST', path: /^\/todos\/api\/todos$/, run: add },
  { method: 'POST', path: /^\/todos\/api\/todos\/(\d+)$/, run: update },
  { method: 'POST', path: /^\/todos\/api\/todos\/(\d+)\/delete$/, run: (ctx, [id]) => remove(ctx, id) },
  { method: 'POST', path: /^\/todos\/api\/toggle-all$/, run: toggleAll },
  { method: 'POST', path: /^\/todos\/api\/clear-completed$/, run: clearCompleted },
  { method: 'POST', path: /^\/todos\/api\/replace$/, run: replace },
];

/** `{"title": "Walk the dog"}`, optionally `"completed": true` and `"at": 0` (its place in the list). Answers the whole list. */
async function add(ctx: Ctx): Promise<Reply> {
  const body = await objectBody(ctx, ['title', 'completed', 'at'], '{"title": "Walk the dog", "completed": false, "at": 0}');
  const todo: Todo = { id: ctx.state.next_todo_id++, title: titleOf(body.title), completed: completedOf(body.completed) ?? false };
  const at = body.at === undefined ? ctx.state.todos.length : body.at;
  if (!Number.isInteger(at) || (at as number) < 0) throw new BadRequest(`"at" must be a whole number from 0, got ${JSON.stringify(at)}`);
  ctx.state.todos.splice(Math.min(at as number, ctx.state.todos.length), 0, todo);
  return json(ctx.state.todos, 201);
}

/** `{"title": ...}` and/or `{"completed": ...}`. */
async function update(ctx: Ctx, [id]: string[]): Promise<Reply> {
  const todo = find(ctx, id);
  const body = await objectBody(ctx, ['title', 'completed'], '{"title": "Walk the cat"} or {"completed": true}');
  if (body.title !== undefined) todo.title = titleOf(body.title);
  todo.completed = completedOf(body.completed) ?? todo.completed;
  return json(ctx.state.todos);
}

function remove(ctx: Ctx, id: string | undefined): Reply {
  const todo = find(ctx, id);
  ctx.state.todos = ctx.state.todos.filter((t) => t !== todo);
  return json(ctx.state.todos);
}

async function toggleAll(ctx: Ctx): Promise<Reply> {
  const body = await objectBody(ctx, ['completed'], '{"completed": true}');
  const completed = completedOf(body.completed);
  if (completed === undefined) throw new BadRequest('expected a JSON object like {"completed": true}');
  for (const t of ctx.state.todos) t.completed = completed;
  return json(ctx.state.todos);
}

function clearCompleted(ctx: Ctx): Reply {
  ctx.state.todos = ctx.state.todos.filter((t) => !t.completed);
  return json(ctx.state.todos);
}

/** Setup's way to an exact list: `[{"title": "Walk the dog"}, {"title": "Bake bread", "completed": true}]` becomes the whole list. */
async function replace(ctx: Ctx): Promise<Reply> {
  const body = await ctx.json();
  const example = '[{"title": "Walk the dog"}, {"title": "Bake bread", "completed": true}]';
  if (!Array.isArray(body)) throw new BadRequest(`expected a JSON array like ${example}`);
  ctx.state.todos = body.map((item: unknown, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new BadRequest(`item ${i}: expected an object like {"title": "Walk the dog"}`);
    const { title, completed, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length) throw new BadRequest(`item ${i}: unknown field ${Object.keys(rest).join(', ')}; expected title, completed`);
    return { id: ctx.state.next_todo_id++, title: titleOf(title), completed: completedOf(completed) ?? false };
  });
  return json(ctx.state.todos);
}

function find(ctx: Ctx, id: string | undefined): Todo {
  const todo = ctx.state.todos.find((t) => t.id === Number(id));
  if (!todo) throw new NotFound(`No todo with id ${id}.`);
  return todo;
}

async function objectBody(ctx: Ctx, allowed: string[], example: string): Promise<Record<string, unknown>> {
  const body = await ctx.json();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(`expected a JSON object like ${example}`);
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new BadRequest(`unknown field ${unknown.join(', ')}; expected some of ${allowed.join(', ')}`);
  return body as Record<string, unknown>;
}

function titleOf(value: unknown): string {
  const title = typeof value === 'string' ? value.trim() : '';
  if (!title) throw new BadRequest(`"title" must be a non-empty string, got ${JSON.stringify(value)}`);
  if (title.length > TITLE_MAX) throw new BadRequest(`"title" is ${title.length} characters long; at most ${TITLE_MAX}`);
  return title;
}

function completedOf(value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new BadRequest(`"completed" must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
