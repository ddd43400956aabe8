// The todos page: the markup the server renders, its styles, and the list as JSON for the
// in-page script (todos-script.ts), which draws the rows and the footer and keeps them in
// step with the server. What a person meets here, on purpose:
// - the row checkboxes have no accessible name: the text beside them is not a linked label;
// - the delete button's "×" is drawn by CSS (::after) and shown only while its row is hovered;
// - the footer (count, filters, "Clear completed") is inside an open shadow root.
import { Html, html, type Ctx, type Reply } from './http.js';
import { layout } from './layout.js';
import { TODOS_SCRIPT } from './todos-script.js';

const STYLE = new Html(`
.todos{max-width:34rem;background:#fff;border:1px solid #d5dae0;border-radius:6px}
body.dark .todos{background:#252a31}
.todos .new-entry{width:100%;border:0;border-bottom:1px solid #d5dae0;padding:.9rem 1rem;font-size:1.2rem;background:transparent;color:inherit}
.todos .all{padding:.4rem 1rem;border-bottom:1px solid #eef0f3}
.todos .rows{list-style:none;margin:0;padding:0}
.todos .rows li{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.4rem 1rem;border-bottom:1px solid #eef0f3}
.todos .rows .text{flex:1;cursor:default;user-select:none}
.todos .rows li.done .text{text-decoration:line-through;color:#8a929b}
.todos .rows .x{display:none;background:none;color:#b3261e;font-size:1.4rem;line-height:1;padding:0 .4rem}
.todos .rows .x::after{content:'×'}
.todos .rows li:hover .x{display:block}
.todos .rows .edit{flex:1}
.todos-hint{color:#5f6b76;font-size:.9rem}
`);

export function todosPage(ctx: Ctx): Reply {
  // JSON inside <script>: only "<" could end the element early.
  const data = new Html(JSON.stringify(ctx.state.todos).replace(/</g, '\\u003c'));
  return layout(ctx, {
    title: 'Todos',
    body: html`<style>${STYLE}</style>
<h1>Todos</h1>
<section class="todos" aria-label="Todo list">
  <input class="new-entry" placeholder="What needs to be done?" autocomplete="off" autofocus>
  <div class="all" hidden><input type="checkbox" id="mark-all"> <label for="mark-all">Mark all as complete</label></div>
  <ul class="rows"></ul>
  <p class="error" role="alert" hidden></p>
  <todo-footer hidden></todo-footer>
</section>
<p class="todos-hint">Double-click a todo to edit it.</p>
<script type="application/json" id="todo-data">${data}</script>
<script>${TODOS_SCRIPT}</script>`,
  });
}
