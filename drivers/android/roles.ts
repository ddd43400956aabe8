// Android widget classes -> the roles a model sees (the same words the web driver uses).
// Matching is on the short class name and by suffix, so app subclasses (MaterialButton,
// AppCompatEditText, SwitchMaterial, ...) and unknown classes fall into the right family.

/** `android.widget.TabLayout$TabView` -> `TabView`; obfuscated classes stay as they are. */
export function shortClass(cls: string): string {
  const cut = Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$'));
  return cls.slice(cut + 1);
}

const LIST_CLASSES = /(RecyclerView|ListView|GridView|ScrollView|ViewPager2?)$/;

// First match wins: the specific families come before the generic suffixes they share
// (RadioButton and ToggleButton before Button, CheckedTextView and EditText before TextView).
const BY_SUFFIX: [RegExp, string][] = [
  [/(EditText|AutoCompleteTextView|SearchAutoComplete)$/, 'textbox'],
  [/(RadioButton)$/, 'radio'],
  [/(Switch|SwitchCompat|SwitchMaterial|ToggleButton)$/, 'switch'],
  [/(CheckBox)$/, 'checkbox'],
  [/(SeekBar|Slider|RatingBar)$/, 'slider'],
  [/(ProgressBar)$/, 'progressbar'],
  [/(Spinner)$/, 'combobox'],
  [/(WebView)$/, 'webview'],
  [/^(Tab|TabView|TabWidget)$/, 'tab'],
  [/Button$/, 'button'],
  [/(TextView|TextClock|Chronometer)$/, 'text'],
  [/(ImageView|ImageSwitcher)$/, 'image'],
];

/** The role a class gives, before clickability and content are taken into account. */
export function roleOfClass(short: string, flags: { clickable: boolean; checkable: boolean; scrollable: boolean }): string {
  if (short === 'CheckedTextView') return flags.checkable ? 'checkbox' : 'text';
  for (const [pattern, role] of BY_SUFFIX) if (pattern.test(short)) return role;
  // A list only while it scrolls; a clickable scrolling View (a Flutter list tile) is a row, not a list.
  if (flags.scrollable && (!flags.clickable || LIST_CLASSES.test(short))) return 'list';
  // Compose and Flutter toggles are plain Views that are checkable.
  return flags.checkable ? 'checkbox' : 'group';
}

/** Roles a clickable node keeps; any other clickable thing (a layout, a text, an icon) acts as a button. */
export const ACTIONABLE_ROLES: ReadonlySet<string> = new Set([
  'button', 'textbox', 'radio', 'switch', 'checkbox', 'slider', 'combobox', 'tab', 'list', 'webview', 'progressbar',
]);

/** Roles worth listing even with no name and no clickable flag: they are controls by nature. */
export const CONTROL_ROLES: ReadonlySet<string> = new Set([
  'textbox', 'radio', 'switch', 'checkbox', 'slider', 'combobox', 'webview', 'progressbar',
]);

/** Controls that take their name from a label beside them when they have none of their own. */
export const LABELLED_ROLES: ReadonlySet<string> = new Set(['textbox', 'slider', 'combobox', 'checkbox', 'switch', 'radio']);
