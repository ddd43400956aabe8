// The web driver's public face: Playwright-driven Chromium, local or remote.
export { WebDriver, VIEWPORT } from './driver.js';
export { LiveBrowser } from './live-browser.js';
export {
  CHROMIUM_ARGS, CHROMIUM_SEARCH_ORDER, SYSTEM_CHROMIUM_PATHS, SYSTEM_HEADLESS_SHELL_PATHS, findChromium, headlessShellBeside,
  launchBrowser, type LaunchOptions,
} from './browser.js';
export { bundledChromium, type ChromiumExecutable } from './bundled-chromium.js';
