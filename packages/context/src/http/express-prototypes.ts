import { IncomingMessage, type Server, ServerResponse } from 'node:http';

/** The part of an Express app (4 or 5) this file relies on: the prototypes it gives every `req` and `res`. */
export interface ExpressPrototypes {
  request?: unknown;
  response?: unknown;
}

type NodeClass = typeof IncomingMessage | typeof ServerResponse;

/**
 * Makes the server construct each request and response with Express's prototypes (`app.request`, `app.response`)
 * already in place (option `fastExpressRequests`).
 *
 * Express gives every request and response its prototype with `Object.setPrototypeOf(req, app.request)`. V8 then
 * moves the object to a map of its own, outside any transition tree: every property written to it afterwards (by
 * Express, Nest, body parsers, ballast) allocates a new map, and every read misses its inline cache. When the
 * objects are born with that prototype, Express's call changes nothing and they keep shared maps.
 *
 * The classes are the server's `IncomingMessage` and `ServerResponse` options (public in Node's `http.createServer`);
 * Nest creates the server without options, so they are set where the server keeps them. Returns false, changing
 * nothing, when the server or the app is not what this expects (a custom class already set, no Express prototypes).
 * @internal
 */
export function constructWithExpressPrototypes(server: Server, app: ExpressPrototypes): boolean {
  const requestSlot = serverSlot(server, 'IncomingMessage', IncomingMessage);
  const responseSlot = serverSlot(server, 'ServerResponse', ServerResponse);
  if (!requestSlot || !responseSlot) return false;
  if (!inherits(app.request, IncomingMessage) || !inherits(app.response, ServerResponse)) return false;

  const BallastExpressRequest = class BallastExpressRequest extends IncomingMessage {};
  const BallastExpressResponse = class BallastExpressResponse extends ServerResponse {};
  app.request = adopt(BallastExpressRequest.prototype, app.request);
  app.response = adopt(BallastExpressResponse.prototype, app.response);
  const slots = server as unknown as Record<symbol, unknown>;
  slots[requestSlot] = BallastExpressRequest;
  slots[responseSlot] = BallastExpressResponse;
  return true;
}

/** The symbol under which Node's server keeps its `IncomingMessage`/`ServerResponse` class, if still the default. */
function serverSlot(server: Server, name: string, defaultClass: NodeClass): symbol | undefined {
  const slot = Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === name);
  return slot && (server as unknown as Record<symbol, unknown>)[slot] === defaultClass ? slot : undefined;
}

function inherits(prototype: unknown, base: NodeClass): prototype is object {
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    Object.prototype.isPrototypeOf.call(base.prototype, prototype)
  );
}

/**
 * Turns a class's prototype into a stand-in for Express's: same parent, same own properties (`app`, and anything the
 * app added to `app.request`), and no own `constructor`, so `req.constructor` stays `IncomingMessage`.
 */
function adopt(classPrototype: object, expressPrototype: object): object {
  Object.setPrototypeOf(classPrototype, Object.getPrototypeOf(expressPrototype));
  delete (classPrototype as { constructor?: unknown }).constructor;
  Object.defineProperties(classPrototype, Object.getOwnPropertyDescriptors(expressPrototype));
  return classPrototype;
}
