// The Android driver's public face: Appium (UiAutomator2) through WebdriverIO, and the page-source parser.
export { AndroidDriver, connectionOf, type AndroidDriverOptions } from './driver.js';
export { startLocalAppium, freePort, type LocalAppium, type LocalAppiumOptions } from './appium.js';
export { androidDriverPool, parseDevices, DEFAULT_APPIUM, type AndroidEndpoint, type AndroidPoolOptions } from './devices.js';
export { parseApp, sessionCapabilities, type AppRef, type Capabilities } from './capabilities.js';
export { keycodeOf, KEYCODES } from './keys.js';
export { androidObservation, parseAndroidSource, AndroidSourceError, type AndroidParse, type AndroidParseOptions } from './element-list.js';
