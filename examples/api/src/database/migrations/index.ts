import { CreateUsers1764000000000 } from './1764000000000-create-users.js';

/** Every migration, oldest first. Listed as classes (not a glob) so they work from src/ and dist/ alike. */
export const migrations = [CreateUsers1764000000000];
