// Paths to what ships with cairn, found from this file whether it runs from source or dist/.
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';

export const DEMO_SUITE = join(packageRoot(), 'tasks', 'suites', 'demo.yaml');
