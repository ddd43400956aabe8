// An app label ("Contacts", "Settings") -> the package to open. Labels are not in any list a
// session can read without adb, so: first the usual packages of common apps (AOSP and Google
// builds), checked installed with `mobile: isAppInstalled`; then, when the server allows adb
// shell, the installed packages whose name holds every word of the label.
import { firstLine } from '../../common/errors.js';
import { ADB_SHELL_HINT, isInsecureRefusal } from './appium-errors.js';

export interface PackageSource {
  isInstalled(pkg: string): Promise<boolean>;
  /** `pm list packages` through mobile: shell; throws when adb shell is not allowed. */
  listPackages(): Promise<string[]>;
}

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  contacts: ['com.google.android.contacts', 'com.android.contacts'],
  settings: ['com.android.settings'],
  phone: ['com.google.android.dialer', 'com.android.dialer'],
  dialer: ['com.google.android.dialer', 'com.android.dialer'],
  messages: ['com.google.android.apps.messaging', 'com.android.messaging', 'com.android.mms'],
  sms: ['com.google.android.apps.messaging', 'com.android.messaging'],
  clock: ['com.google.android.deskclock', 'com.android.deskclock'],
  calendar: ['com.google.android.calendar', 'com.android.calendar'],
  camera: ['com.android.camera2', 'com.google.android.GoogleCamera', 'com.android.camera'],
  chrome: ['com.android.chrome'],
  files: ['com.google.android.documentsui', 'com.android.documentsui'],
  calculator: ['com.google.android.calculator', 'com.android.calculator2'],
  gmail: ['com.google.android.gm'],
  maps: ['com.google.android.apps.maps'],
  photos: ['com.google.android.apps.photos'],
  gallery: ['com.android.gallery3d', 'com.google.android.apps.photos'],
  'play store': ['com.android.vending'],
  youtube: ['com.google.android.youtube'],
};

export async function resolveAppLabel(label: string, source: PackageSource): Promise<string> {
  const key = label.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const pkg of KNOWN[key] ?? []) {
    if (await source.isInstalled(pkg)) return pkg;
  }
  let installed: string[];
  try {
    installed = await source.listPackages();
  } catch (e) {
    const why = isInsecureRefusal(e) ? ADB_SHELL_HINT : firstLine(e);
    throw new Error(`open: no installed app is known as ${JSON.stringify(label)} and the installed packages cannot be listed (${why}); give its package (com.example.app) or package/activity`);
  }
  const found = matchingPackages(key, installed);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new Error(`open: no installed package matches the app name ${JSON.stringify(label)}; give its package or package/activity`);
  throw new Error(`open: the app name ${JSON.stringify(label)} matches several packages (${found.slice(0, 5).join(', ')}); give the package`);
}

/** Packages whose name holds every word of the label; the ones whose last part is the label come first. */
export function matchingPackages(label: string, packages: string[]): string[] {
  const words = label.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length) return [];
  const joined = words.join('');
  const hits = packages.filter((p) => words.every((w) => p.toLowerCase().includes(w)));
  const exact = hits.filter((p) => p.toLowerCase().split('.').at(-1) === joined);
  return exact.length ? exact : hits;
}

/** `package:com.android.settings` lines -> package names. */
export function parsePackageList(output: string): string[] {
  return output.split('\n').map((l) => l.trim().replace(/^package:/, '')).filter(Boolean);
}
