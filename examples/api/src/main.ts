import 'reflect-metadata';
import { createApp, type HttpAdapterName } from './create-app.js';

async function bootstrap(): Promise<void> {
  const adapter = (process.env.HTTP_ADAPTER ?? 'express') as HttpAdapterName;
  const app = await createApp(adapter);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '0.0.0.0');
  console.log(`ballast example api (${adapter}) listening on http://localhost:${port}`);
}

void bootstrap();
