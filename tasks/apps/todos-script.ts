// The todos page's in-page script: <todo-footer> (count, filters, "Clear completed" in an
// OPEN shadow root) and the list. Every change is POSTed to the session's JSON API, which
// answers the whole list; the page then draws it again, filtered by the location hash
// (#/, #/active, #/completed). Nothing is kept in the page that the server does not hold.
import { Html } from './http.js';

export const TODOS_SCRIPT = new Html(`
customElements.define('todo-footer', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }
  update(left, completed, filter) {
    const links = [['#/', 'All', 'all'], ['#/active', 'Active', 'active'], ['#/completed', 'Completed', 'completed']]
      .map(function (l) { return '<a href="' + l[0] + '"' + (l[2] === filter ? ' class="selected" aria-current="page"' : '') + '>' + l[1] + '</a>'; });
    this.shadowRoot.innerHTML =
      '<style>:host{display:flex;align-items:center;gap:1rem;padding:.5rem 1rem;font-size:.9rem}:host([hidden]){display:none}' +
      'nav{display:flex;gap:.5rem;flex:1;justify-content:center}a{color:inherit;padding:.1rem .4rem;border:1px solid transparent;border-radius:3px;text-decoration:none}' +
      'a.selected{border-color:#c98a8a}button{font:inherit;background:none;border:0;color:inherit;cursor:pointer;padding:.2rem}</style>' +
      '<span class="count"><strong>' + left + '</strong> ' + (left === 1 ? 'item' : 'items') + ' left</span>' +
      '<nav aria-label="Show">' + links.join(' ') + '</nav>' +
      (completed > 0 ? '<button type="button" class="clear">Clear completed</button>' : '<span></span>');
    const clear = this.shadowRoot.querySelector('.clear');
    if (clear) clear.addEventListener('click', () => this.dispatchEvent(new CustomEvent('clear-completed')));
  }
});

(() => {
  let todos = JSON.parse(document.getElementById('todo-data').textContent);
  let editing = null;
  const entry = document.querySelector('.todos .new-entry');
  const all = document.querySelector('.todos .all');
  const markAll = document.getElementById('mark-all');
  const list = document.querySelector('.todos .rows');
  const problem = document.querySelector('.todos .error');
  const footer = document.querySelector('todo-footer');

  const filter = () => ({ '#/active': 'active', '#/completed': 'completed' })[location.hash] || 'all';
  const shown = (t) => filter() === 'all' || (filter() === 'completed') === t.completed;

  async function send(path, body) {
    const res = await fetch('/todos/api/' + path, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}),
    });
    const answer = await res.json();
    problem.hidden = res.ok;
    if (!res.ok) problem.textContent = answer.error;
    else todos = answer;
    render();
  }

  function finish(todo, value) {
    if (editing !== todo.id) return;
    editing = null;
    const title = value.trim();
    if (!title) send('todos/' + todo.id + '/delete');
    else if (title !== todo.title) send('todos/' + todo.id, { title: title });
    else render();
  }

  function editor(todo) {
    const edit = document.createElement('input');
    edit.className = 'edit';
    edit.value = todo.title;
    edit.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(todo, edit.value);
      else if (e.key === 'Escape') { editing = null; render(); }
    });
    edit.addEventListener('blur', () => finish(todo, edit.value));
    return edit;
  }

  function row(todo) {
    const li = document.createElement('li');
    if (todo.completed) li.className = 'done';
    if (editing === todo.id) {
      li.append(editor(todo));
      return li;
    }
    const tick = document.createElement('input');
    tick.type = 'checkbox';
    tick.checked = todo.completed;
    tick.addEventListener('change', () => send('todos/' + todo.id, { completed: tick.checked }));
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = todo.title;
    text.addEventListener('dblclick', () => {
      editing = todo.id;
      render();
      const edit = list.querySelector('.edit');
      edit.focus();
      edit.setSelectionRange(edit.value.length, edit.value.length);
    });
    const x = document.createElement('button');
    x.type = 'button';
    x.className = 'x';
    x.addEventListener('click', () => send('todos/' + todo.id + '/delete'));
    li.append(tick, text, x);
    return li;
  }

  function render() {
    const left = todos.filter((t) => !t.completed).length;
    all.hidden = footer.hidden = todos.length === 0;
    markAll.checked = todos.length > 0 && left === 0;
    list.replaceChildren(...todos.filter(shown).map(row));
    footer.update(left, todos.length - left, filter());
  }

  entry.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    const title = entry.value.trim();
    if (!title) return;
    entry.value = '';
    send('todos', { title: title });
  });
  markAll.addEventListener('change', () => send('toggle-all', { completed: markAll.checked }));
  footer.addEventListener('clear-completed', () => send('clear-completed'));
  window.addEventListener('hashchange', render);
  render();
})();
`);
