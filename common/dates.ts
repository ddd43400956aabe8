// Dates and times as people write them ("05/20/2010", "May 20, 2010", "2:30 PM"), and the
// form a date or time input takes when it is filled (an <input type=date> takes YYYY-MM-DD,
// type=time HH:MM, type=month YYYY-MM), whatever the browser's locale shows. The web driver
// types a date as written into such an input, as a person would; search reads goals with it.

export interface CalendarDate { y: number; m: number; d: number }
export interface ClockTime { h: number; min: number; s?: number }

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** Spans of a text that are dates, in the order they appear. */
export const DATE_PATTERN = new RegExp([
  '\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b',
  '\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b',
  `\\b${MONTH_WORD}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`,
  `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD},?\\s+\\d{4}\\b`,
].join('|'), 'gi');

/** Spans that are clock times: "14:05", "2:30 pm", "9am". */
export const TIME_PATTERN = /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?![\w:])|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)/gi;

function valid(d: CalendarDate): boolean {
  if (d.m < 1 || d.m > 12 || d.d < 1) return false;
  return d.d <= new Date(Date.UTC(d.y, d.m, 0)).getUTCDate();
}

function fullYear(y: number, digits: number): number {
  return digits <= 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function monthOf(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/**
 * The dates a written date may mean, most likely first: "05/20/2010" is only May 20;
 * "03/04/2010" is March 4 (month first, as the US writes it) or else April 3.
 */
export function readDate(text: string): CalendarDate[] {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return [{ y: +m[1]!, m: +m[2]!, d: +m[3]! }].filter(valid);
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})$/.exec(t);
  if (m) {
    const y = fullYear(+m[4]!, m[4]!.length);
    // A dot is how day-first countries write dates; a slash or dash is read month first.
    const monthFirst = { y, m: +m[1]!, d: +m[3]! };
    const dayFirst = { y, m: +m[3]!, d: +m[1]! };
    const order = m[2] === '.' ? [dayFirst, monthFirst] : [monthFirst, dayFirst];
    return order.filter(valid).filter((d, i, all) => i === 0 || d.m !== all[0]!.m || d.d !== all[0]!.d);
  }
  m = new RegExp(`^(${MONTH_WORD})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`, 'i').exec(t);
  if (m) return [{ y: +m[3]!, m: monthOf(m[1]!), d: +m[2]! }].filter(valid);
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD}),?\\s+(\\d{4})$`, 'i').exec(t);
  if (m) return [{ y: +m[3]!, m: monthOf(m[2]!), d: +m[1]! }].filter(valid);
  return [];
}

export function readTime(text: string): ClockTime | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(text.trim());
  if (!m || (m[2] === undefined && m[4] === undefined)) return undefined;
  let h = +m[1]!;
  const half = m[4]?.toLowerCase();
  if (half && (h < 1 || h > 12)) return undefined;
  if (half === 'p' && h < 12) h += 12;
  if (half === 'a' && h === 12) h = 0;
  const min = m[2] === undefined ? 0 : +m[2];
  if (h > 23 || min > 59) return undefined;
  return m[3] === undefined ? { h, min } : { h, min, s: +m[3] };
}

const two = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD, as a date input's value is. */
export function isoDate(d: CalendarDate): string {
  return `${String(d.y).padStart(4, '0')}-${two(d.m)}-${two(d.d)}`;
}

export function isoTime(t: ClockTime): string {
  return `${two(t.h)}:${two(t.min)}${t.s === undefined ? '' : `:${two(t.s)}`}`;
}

/** The machine form of each input type whose value is a whole date or time. */
const MACHINE_FORMS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/, time: /^\d{2}:\d{2}(?::\d{2})?$/, month: /^\d{4}-\d{2}$/, week: /^\d{4}-W\d{2}$/,
  'datetime-local': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/,
};

/** Input types whose value is a whole date or time, in a fixed machine form. */
export const CALENDAR_INPUTS = new Set(Object.keys(MACHINE_FORMS));

/**
 * What to fill into an input of `type` for a written value: the forms it may take, most
 * likely first; [] when the value is no date or time the input can hold.
 */
export function calendarForms(type: string, written: string): string[] {
  if (MACHINE_FORMS[type]?.test(written.trim())) return [written.trim()];
  const time = readTime(written);
  if (type === 'time') return time ? [isoTime(time)] : [];
  const dates = readDate(written);
  if (type === 'date') return dates.map(isoDate);
  if (type === 'month') return [...new Set(dates.map((d) => isoDate(d).slice(0, 7)))];
  return [];
}
