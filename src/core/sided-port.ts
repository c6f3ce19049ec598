import { PortFailure } from './ports.js';
import type { PortCall } from './ports.js';

/**
 * `port` with every method's PortFailure marked with the side and the method that failed (F51: a
 * failed run says "Outlook: the contact folder could not be found", not "BC or Outlook could not be
 * read"). One wrapper at the place a run wires its ports covers every call it makes, whichever
 * module makes it. Other errors, values and non-method properties pass through unchanged; a
 * failure already marked keeps its mark. `company`: the BC company a bc port serves (its id and
 * name, each when known).
 */
export function onSide<T extends object>(
  port: T,
  side: PortCall['side'],
  company: { readonly id?: string | undefined; readonly name?: string | undefined } = {},
): T {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let wrapped = methods.get(property);
      if (wrapped === undefined) {
        const call: PortCall = {
          side,
          operation: property,
          ...(company.id ? { company: company.id } : {}),
          ...(company.name ? { companyName: company.name } : {}),
        };
        const mark = (e: unknown): never => {
          throw e instanceof PortFailure && e.call === undefined
            ? Object.assign(new PortFailure(e.kind, e.message, e.detail, call), { stack: e.stack })
            : e;
        };
        wrapped = (...args: unknown[]): unknown => {
          try {
            const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
            return out instanceof Promise ? out.catch(mark) : out;
          } catch (e) {
            return mark(e);
          }
        };
        methods.set(property, wrapped);
      }
      return wrapped;
    },
  });
}
