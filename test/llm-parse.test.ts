import { describe, expect, test } from 'vitest';
import type { Action } from '../contract/index.js';
import { ModelReplyError, parseModelAction } from '../agent/llm/parse.js';

function parseError(text: string): string {
  try {
    parseModelAction(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelReplyError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe("cairn's format", () => {
  test('plain JSON with thought and action', () => {
    expect(parseModelAction('{"thought": "Save it", "action": {"type": "click", "target": {"element": 3}}}')).toEqual({
      action: { type: 'click', target: { element: 3 } },
      thought: 'Save it',
    });
  });

  test('inside ```json fences with prose around, braces in strings and prose ignored', () => {
    const reply = [
      'The form {Contact} is open. I will type the name.',
      '```json',
      '{"thought": "type {name} into the box", "action": {"type": "type", "target": {"point": {"x": 10, "y": 20.5}}, "text": "Bob \\"B\\" }", "submit": true}}',
      '```',
      'Hope that helps {:',
    ].join('\n');
    expect(parseModelAction(reply)).toEqual({
      action: { type: 'type', target: { point: { x: 10, y: 20.5 } }, text: 'Bob "B" }', submit: true },
      thought: 'type {name} into the box',
    });
  });

  test('an object that is not an action is skipped for the one that is', () => {
    expect(parseModelAction('Screen: {"title": "Inbox"}\n{"thought": "open it", "action": {"type": "key", "key": "Enter"}}').action)
      .toEqual({ type: 'key', key: 'Enter' });
  });

  test('a bare action, with or without a thought beside it', () => {
    expect(parseModelAction('{"type": "scroll", "direction": "down"}')).toEqual({ action: { type: 'scroll', direction: 'down' } });
    expect(parseModelAction('{"type": "back", "thought": "wrong page"}')).toEqual({ action: { type: 'back' }, thought: 'wrong page' });
  });

  test('terminal actions', () => {
    expect(parseModelAction('{"thought": "", "action": {"type": "answer", "text": "42"}}').action).toEqual({ type: 'answer', text: '42' });
    expect(parseModelAction('{"action": {"type": "done", "status": "infeasible", "reason": "no such contact"}}').action)
      .toEqual({ type: 'done', status: 'infeasible', reason: 'no such contact' });
  });
});

describe('errors say what was wrong, briefly', () => {
  test('no JSON at all', () => {
    expect(parseError('I would click the Save button.')).toMatch(/^no JSON object found.*"thought".*"action"/);
  });

  test('invalid JSON names the parser error and position', () => {
    const msg = parseError('{"thought": "x", "action": {"type": "back",}}');
    expect(msg).toMatch(/^invalid JSON in \{"thought".*position \d+/);
    expect(msg.length).toBeLessThan(300);
    // Braces in the prose do not hide the broken action.
    expect(parseError('The {name} field is empty. {"thought": "x", "action": {"type": "back",}}')).toMatch(/^invalid JSON in \{"thought"/);
  });

  test('an object left open says how many braces are missing', () => {
    expect(parseError('{"thought": "x", "action": {"type": "back"}')).toMatch(/the object is not closed \(1 "\}" missing\)$/);
  });

  test('an object that is not an action', () => {
    expect(parseError('{"plan": ["a", "b"]}')).toMatch(/no "action" field \(keys: plan\)/);
    expect(parseError('{"thought": "x", "action": "click"}')).toMatch(/"action" must be an object/);
  });

  test('unknown type lists the known ones', () => {
    expect(parseError('{"action": {"type": "fly"}}')).toMatch(/unknown action type "fly"; expected one of: click, double_click, hover, drag, long_press, type,.* done$/);
  });

  test('field errors name the field and what was expected', () => {
    expect(parseError('{"action": {"type": "click"}}')).toMatch(/invalid click action: action\.target: missing \(expected \{"element": <id>\}/);
    expect(parseError('{"action": {"type": "click", "target": {"id": 3}}}')).toMatch(/action\.target: .*expected \{"element"/);
    expect(parseError('{"action": {"type": "type", "text": 5}}')).toMatch(/action\.text: .*expected string/);
    expect(parseError('{"action": {"type": "scroll", "direction": "sideways"}}')).toMatch(/action\.direction: .*"up"\|"down"\|"left"\|"right"/);
    expect(parseError('{"action": {"type": "back", "extra": 1}}')).toMatch(/Unrecognized key: "extra"/);
  });
});

describe("AndroidWorld's JSON action format", () => {
  const cases: Array<[string, Action]> = [
    ['{"action_type": "click", "index": 4}', { type: 'click', target: { element: 4 } }],
    ['{"action_type": "click", "index": "7"}', { type: 'click', target: { element: 7 } }],
    ['{"action_type": "click", "x": 120, "y": 300}', { type: 'click', target: { point: { x: 120, y: 300 } } }],
    ['{"action_type": "long_press", "index": 2}', { type: 'long_press', target: { element: 2 } }],
    ['{"action_type": "long_press", "x": 5, "y": 6}', { type: 'long_press', target: { point: { x: 5, y: 6 } } }],
    ['{"action_type": "input_text", "text": "Bob", "index": 3}', { type: 'type', target: { element: 3 }, text: 'Bob', submit: true }],
    ['{"action_type": "input_text", "text": "x", "index": 3, "clear_text": true}', { type: 'type', target: { element: 3 }, text: 'x', clear: true, submit: true }],
    ['{"action_type": "input_text", "text": "hi"}', { type: 'type', text: 'hi', submit: true }],
    // scroll: same meaning as cairn's (down reveals what is below) ...
    ['{"action_type": "scroll", "direction": "down"}', { type: 'scroll', direction: 'down' }],
    ['{"action_type": "scroll", "direction": "up", "index": 9}', { type: 'scroll', direction: 'up', target: { element: 9 } }],
    ['{"action_type": "scroll", "direction": "left"}', { type: 'scroll', direction: 'left' }],
    // ... swipe names the finger's direction, the inverse of scroll.
    ['{"action_type": "swipe", "direction": "up"}', { type: 'scroll', direction: 'down' }],
    ['{"action_type": "swipe", "direction": "right"}', { type: 'scroll', direction: 'left' }],
    ['{"action_type": "navigate_back"}', { type: 'back' }],
    ['{"action_type": "navigate_home"}', { type: 'home' }],
    ['{"action_type": "open_app", "app_name": "Contacts"}', { type: 'open', app: 'Contacts' }],
    ['{"action_type": "keyboard_enter"}', { type: 'key', key: 'Enter' }],
    ['{"action_type": "double_tap", "index": 4}', { type: 'double_click', target: { element: 4 } }],
    ['{"action_type": "wait"}', { type: 'wait', ms: 1000 }],
    ['{"action_type": "answer", "text": "3 events"}', { type: 'answer', text: '3 events' }],
    ['{"action_type": "status", "goal_status": "complete"}', { type: 'done', status: 'success' }],
    ['{"action_type": "status", "goal_status": "infeasible"}', { type: 'done', status: 'infeasible' }],
    ['{"action_type": "click", "index": 1, "x": null, "y": null, "text": null}', { type: 'click', target: { element: 1 } }],
  ];
  test.each(cases)('%s', (reply, expected) => {
    expect(parseModelAction(reply).action).toEqual(expected);
  });

  test('the M3A reply shape: reason in prose, then the action', () => {
    const r = parseModelAction('Reason: The Save button {top right} stores the contact.\nAction: {"action_type": "click", "index": 12}');
    expect(r).toEqual({ action: { type: 'click', target: { element: 12 } }, thought: 'The Save button {top right} stores the contact.' });
  });

  test('inside cairn\'s wrapper', () => {
    expect(parseModelAction('{"thought": "home", "action": {"action_type": "navigate_home"}}')).toEqual({ action: { type: 'home' }, thought: 'home' });
  });

  test('bad AndroidWorld actions say what is missing', () => {
    expect(parseError('{"action_type": "click"}')).toBe('click needs "index" or both "x" and "y"');
    expect(parseError('{"action_type": "click", "index": -1}')).toMatch(/"index" must be a non-negative integer, got -1/);
    expect(parseError('{"action_type": "scroll"}')).toMatch(/scroll needs "direction": one of up, down, left, right; got null/);
    expect(parseError('{"action_type": "open_app"}')).toMatch(/open_app needs "app_name"/);
    expect(parseError('{"action_type": "status", "goal_status": "done"}')).toMatch(/"complete" or "infeasible", got "done"/);
    expect(parseError('{"action_type": "teleport"}')).toMatch(/unknown action_type "teleport"; expected one of: click,/);
  });
});
