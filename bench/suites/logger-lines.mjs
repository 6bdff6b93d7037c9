// Lines/s through BallastLogger vs raw pino, same destination (/dev/null, synchronous, pino's default mode).
// Run by bench/suites/logger.mjs; alone: node bench/suites/logger-lines.mjs [linesPerRound] [rounds]
import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { BallastLogger, BallastLoggerModule } from '../../packages/logger/dist/index.js';
import { runWithRequestContext } from '../../packages/context/dist/index.js';
import { median } from '../lib/stats.mjs';
import { positionalArgs } from '../lib/args.mjs';

const { lines: N, rounds: ROUNDS } = positionalArgs({ lines: 200_000, rounds: 7 });
const devNull = () => pino.destination({ dest: '/dev/null', sync: true });

class AppModule {}
Module({ imports: [BallastLoggerModule.forRoot({ destination: devNull(), traceFields: process.env.TRACE !== '0' })] })(
  AppModule,
);
const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
const ballast = app.get(BallastLogger);
app.useLogger(ballast);
const nestLogger = new Logger('OrdersService');
const raw = pino(devNull());

/** The cases: each writes one line with a message and one field, the way the app code would with each API. */
const cases = {
  'raw pino: info({ userId }, msg)': () => {
    for (let i = 0; i < N; i++) raw.info({ userId: i }, 'order placed');
  },
  'BallastLogger: log(msg, { userId })': () => {
    for (let i = 0; i < N; i++) ballast.log('order placed', { userId: i });
  },
  'Nest Logger(ctx) → BallastLogger': () => {
    for (let i = 0; i < N; i++) nestLogger.log('order placed', { userId: i });
  },
  'raw pino: child({ requestId }).info(...) (what a request id costs in pino)': () => {
    const child = raw.child({ requestId: '5f0c6b5e-8a4b-4d38-9f8e-2a4f3c9b7d11' });
    for (let i = 0; i < N; i++) child.info({ userId: i }, 'order placed');
  },
  'BallastLogger inside a request context (requestId added)': () => {
    runWithRequestContext(
      () => {
        for (let i = 0; i < N; i++) ballast.log('order placed', { userId: i });
      },
      { requestId: '5f0c6b5e-8a4b-4d38-9f8e-2a4f3c9b7d11' },
    );
  },
};

const names = Object.keys(cases);
const results = Object.fromEntries(names.map((k) => [k, []]));
const ratios = Object.fromEntries(names.slice(1).map((k) => [k, []]));
for (const fn of Object.values(cases)) fn(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order each round, so no case always runs on a warmer or cooler machine; ratios are taken within
  // a round (the machine is shared: absolute numbers drift between rounds, ratios much less).
  const order = round % 2 === 0 ? names : [...names].reverse();
  const rate = {};
  for (const name of order) {
    const start = process.hrtime.bigint();
    cases[name]();
    rate[name] = N / (Number(process.hrtime.bigint() - start) / 1e9);
    results[name].push(rate[name]);
  }
  for (const name of names.slice(1)) ratios[name].push(rate[name] / rate[names[0]]);
}
await app.close();
process.stdout.write(
  JSON.stringify({
    linesPerRound: N,
    rounds: ROUNDS,
    medianLinesPerSecond: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))])),
    medianRatioToRawPino: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(median(v).toFixed(2))])),
  }) + '\n',
);
