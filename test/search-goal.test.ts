// Reading goals as people write them (agent/search/read-goal.ts) and dates as inputs take them
// (common/dates.ts): what search will type, where, and what the goal picks by place.
import { describe, expect, it } from 'vitest';
import { calendarForms, readDate, readTime } from '../common/dates.js';
import { readGoal, type GoalValue } from '../agent/search/read-goal.js';

const brief = (values: GoalValue[]) => values.map((v) => ({ text: v.text, kind: v.kind, label: v.label, ordinal: v.ordinal }));

describe('readGoal', () => {
  it('finds unquoted values after a typing verb, each labelled by the field noun before it', () => {
    const r = readGoal('Enter the username kanesha and the password X9k into the fields and press login.');
    expect(brief(r.values)).toEqual([
      { text: 'kanesha', kind: 'words', label: 'username', ordinal: undefined },
      { text: 'X9k', kind: 'words', label: 'password', ordinal: undefined },
    ]);
    expect(r.values.every((v) => v.typed)).toBe(true);
  });

  it('labels quoted values the same way, and reads a value as a whole when quoted', () => {
    const r = readGoal('Enter the username "kanesha" and the password "a b" into the text fields and press login.');
    expect(brief(r.values)).toEqual([
      { text: 'kanesha', kind: 'quoted', label: 'username', ordinal: undefined },
      { text: 'a b', kind: 'quoted', label: 'password', ordinal: undefined },
    ]);
  });

  it('reads dates and times, with the field they go into from "as the date"', () => {
    expect(brief(readGoal('Enter 05/20/2010 as the date and hit submit.').values)).toEqual([
      { text: '05/20/2010', kind: 'date', label: 'date', ordinal: undefined },
    ]);
    expect(brief(readGoal('Enter the date 05/20/2010 into the text field').values)[0]).toMatchObject({ kind: 'date', label: 'date' });
    expect(brief(readGoal('Set the alarm to 7:30 pm and save').values)).toEqual([{ text: '7:30 pm', kind: 'time', label: undefined, ordinal: undefined }]);
  });

  it('gives a value the ordinal of the field it goes into', () => {
    expect(brief(readGoal('Type Nathalie into the 2nd text field').values)).toEqual([{ text: 'Nathalie', kind: 'words', label: undefined, ordinal: 2 }]);
    expect(readGoal('Write hello in the last box.').values[0]).toMatchObject({ text: 'hello', ordinal: -1 });
  });

  it('reads the element a goal picks by place, and a field as the target of "focus"', () => {
    expect(readGoal('Focus into the 3rd input textbox.')).toMatchObject({ values: [], pick: { ordinal: 3, kind: 'field' } });
    expect(readGoal('Click the second button.').pick).toEqual({ ordinal: 2, kind: 'button' });
    expect(readGoal('Focus on the search box.').pick).toEqual({ kind: 'field' });
    expect(readGoal('Enter "cats" and press "Search", then find and click the 3rd search result.').pick).toEqual({ ordinal: 3, kind: 'any' });
    expect(readGoal('Click button ONE, then click button TWO.')).toEqual({ values: [], repeat: false, ordered: true });
    expect(readGoal('Stop the weekly summary emails.').ordered).toBe(false);
  });

  it('reads numbers the goal mentions, but not a tab number, an ordinal or a part of a date', () => {
    expect(brief(readGoal('Select -3 with the spinner and hit Submit.').values)).toEqual([{ text: '-3', kind: 'number', label: undefined, ordinal: undefined }]);
    expect(readGoal('Click on Tab #2.').values).toEqual([]);
    expect(readGoal('Open the 2nd link.').values).toEqual([]);
    expect(readGoal('Expiry 12/27 please').values).toEqual([]);
  });

  it('says when one value fills several fields', () => {
    expect(readGoal('Enter the password "ab" into both text fields and press submit.').repeat).toBe(true);
    expect(readGoal('Enter the password "ab" into the text field and press submit.').repeat).toBe(false);
  });

  it('takes declared params as they are, and does not read a noun phrase after "the 3rd input" as typed text', () => {
    const r = readGoal('Enter the shipping address Ann Lee, 12 Main St and continue to payment.', { name: 'Ann Lee', street: '12 Main St' });
    expect(brief(r.values)).toEqual([
      { text: 'Ann Lee', kind: 'param', label: 'name', ordinal: undefined },
      { text: '12 Main St', kind: 'param', label: 'street', ordinal: undefined },
    ]);
    expect(readGoal('Click the 3rd input field.').values).toEqual([]);
    expect(readGoal("Don't type anything; it's fine.").values).toEqual([]);
    expect(readGoal('Enter the value of Color into the text field.').values).toEqual([]);
    expect(brief(readGoal('Enter "a, b and c" into the field.').values)).toEqual([{ text: 'a, b and c', kind: 'quoted', label: undefined, ordinal: undefined }]);
  });
});

describe('dates and times', () => {
  it('reads the ways people write a date, month first when a slash leaves it open', () => {
    expect(readDate('05/20/2010')).toEqual([{ y: 2010, m: 5, d: 20 }]);
    expect(readDate('03/04/2010')).toEqual([{ y: 2010, m: 3, d: 4 }, { y: 2010, m: 4, d: 3 }]);
    expect(readDate('20.05.2010')).toEqual([{ y: 2010, m: 5, d: 20 }]);
    expect(readDate('May 20, 2010')).toEqual([{ y: 2010, m: 5, d: 20 }]);
    expect(readDate('20th of September 2019')).toEqual([{ y: 2019, m: 9, d: 20 }]);
    expect(readDate('2010-05-20')).toEqual([{ y: 2010, m: 5, d: 20 }]);
    expect(readDate('02/30/2010')).toEqual([]);
  });

  it('reads clock times in 12- and 24-hour form', () => {
    expect(readTime('7:30 pm')).toEqual({ h: 19, min: 30 });
    expect(readTime('12am')).toEqual({ h: 0, min: 0 });
    expect(readTime('14:05')).toEqual({ h: 14, min: 5 });
    expect(readTime('25:00')).toBeUndefined();
    expect(readTime('7')).toBeUndefined();
  });

  it('gives each input type the form it takes, and nothing for what it cannot hold', () => {
    expect(calendarForms('date', '05/20/2010')).toEqual(['2010-05-20']);
    expect(calendarForms('date', '03/04/2010')).toEqual(['2010-03-04', '2010-04-03']);
    expect(calendarForms('month', 'May 20, 2010')).toEqual(['2010-05']);
    expect(calendarForms('time', '7:30 pm')).toEqual(['19:30']);
    expect(calendarForms('date', 'kanesha')).toEqual([]);
    // A value already in the machine form goes in as it is.
    expect(calendarForms('datetime-local', '2024-01-31T09:30')).toEqual(['2024-01-31T09:30']);
    expect(calendarForms('month', '2010-05')).toEqual(['2010-05']);
  });
});
