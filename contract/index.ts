// The contract every part meets in: the Driver and what a screen looks like (driver.ts), the
// action space and what each platform does with it, the task instance (task.ts), how elements
// are shown and re-grounded, and the placeholders of templates and secrets. It imports nothing
// of cairn's other folders; every folder may import it, through this file.
export * from './driver.js';
export * from './action.js';
export * from './platforms.js';
export * from './elements.js';
export * from './ground.js';
export * from './task.js';
export * from './template.js';
export * from './secrets.js';
