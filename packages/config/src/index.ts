export * from './env.js';
export { BallastConfigModule } from './config.module.js';
export { BallastConfigService } from './config.service.js';
