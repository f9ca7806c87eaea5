/**
 * Freezes the parts of tfjs that decide what a tensor holds, before learner
 * code runs in a check worker: the engine, the backend and its storage, the
 * kernel and gradient registries and the globals tfjs looks them up through.
 * Learner code can still call every op; it can no longer swap a kernel
 * (`tf.registerKernel`), wrap `engine.runKernel` or replace
 * `backend.readSync`. Its values are read with the backend's own `readSync`,
 * captured here, so even a tampered engine state cannot change what is read.
 *
 * Expected values never come from this realm (they are computed in a worker
 * that runs no learner code); this keeps the learner's own outputs honest.
 */
import type { ReadValues, Tensor, Tf } from "../types";

/** Where tfjs keeps its singletons (`getGlobalNamespace()`: `self` in a worker). */
const ENGINE_GLOBAL = "_tfengine";
const REGISTRY_GLOBAL = "_tfGlobals";
const REGISTRIES = ["kernelRegistry", "gradRegistry"] as const;
/** DataStorage counts its entries in place; everything else on it stays fixed. */
const STORAGE_COUNTER = "dataIdsCount";

type AnyMap = Map<unknown, unknown>;

export interface LockedTf {
  readValues: ReadValues;
}

const apply = Reflect.apply;
const getPrototypeOf = Object.getPrototypeOf;
const defineProperty = Object.defineProperty;
const freeze = Object.freeze;
const ownKeys = Reflect.ownKeys;

/** The object and its prototypes up to (not including) Object.prototype. */
function freezeWithPrototypes(target: object): void {
  let current: object | null = target;
  while (current !== null && current !== Object.prototype) {
    freeze(current);
    current = getPrototypeOf(current) as object | null;
  }
}

function refuse(name: string): never {
  throw new Error(`${name} is not available in the exercise sandbox: tfjs's kernels cannot be changed here.`);
}

/**
 * A frozen Map still changes through `Map.prototype.set.call(map, …)`, so the
 * mutators themselves refuse the registries. Must run before Map.prototype is frozen.
 */
function guardMaps(maps: readonly AnyMap[]): void {
  const guarded = new WeakSet<object>(maps);
  const has = Object.getOwnPropertyDescriptor(WeakSet.prototype, "has")?.value as (
    this: WeakSet<object>,
    value: object,
  ) => boolean;
  const isGuarded = (target: unknown): boolean =>
    typeof target === "object" && target !== null && apply(has, guarded, [target]);
  const prototype = Map.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const set = prototype.set;
  const remove = prototype.delete;
  const clear = prototype.clear;
  if (set === undefined || remove === undefined || clear === undefined) throw new Error("Map.prototype is incomplete");
  const fixed = { writable: false, configurable: false };
  defineProperty(Map.prototype, "set", {
    ...fixed,
    value: function (this: AnyMap, key: unknown, value: unknown) {
      if (isGuarded(this)) refuse("tf.registerKernel");
      return apply(set, this, [key, value]);
    },
  });
  defineProperty(Map.prototype, "delete", {
    ...fixed,
    value: function (this: AnyMap, key: unknown) {
      if (isGuarded(this)) refuse("tf.unregisterKernel");
      return apply(remove, this, [key]);
    },
  });
  defineProperty(Map.prototype, "clear", {
    ...fixed,
    value: function (this: AnyMap) {
      if (isGuarded(this)) refuse("Clearing a tfjs registry");
      return apply(clear, this, []);
    },
  });
}

/** Every property fixed except `writable`, and nothing can be added: DataStorage keeps its counter. */
function sealExcept(target: object, writable: string): void {
  for (const key of ownKeys(target)) {
    defineProperty(target, key, key === writable ? { configurable: false } : { configurable: false, writable: false });
  }
  Object.preventExtensions(target);
}

export function lockTf(tf: Tf, scope: object): LockedTf {
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const backend = tf.backend() as unknown as Record<string, unknown> & { data?: object };
  const globals = (scope as Record<string, unknown>)[REGISTRY_GLOBAL];
  if (!(globals instanceof Map) || (scope as Record<string, unknown>)[ENGINE_GLOBAL] !== engine) {
    throw new Error("tfjs globals not found");
  }
  // The tensors' tracker reads `self._tfengine` on every call, and tfjs looks classes up in `_tfGlobals`.
  for (const name of [ENGINE_GLOBAL, REGISTRY_GLOBAL])
    defineProperty(scope, name, { writable: false, configurable: false });
  const registries: AnyMap[] = [globals as AnyMap];
  for (const name of REGISTRIES) {
    const registry = (globals as AnyMap).get(name);
    if (!(registry instanceof Map)) throw new Error(`tfjs ${name} not found`);
    // A kernel's config is an object too: `tf.getKernel(...).kernelFunc = …` would swap it in place.
    registry.forEach((config) => {
      freeze(config);
    });
    registries.push(registry as AnyMap);
  }
  guardMaps(registries);

  for (const part of ["registry", "registryFactory"]) {
    const value = engine[part];
    if (typeof value === "object" && value !== null) {
      for (const entry of Object.values(value)) if (typeof entry === "object" && entry !== null) freeze(entry);
      freeze(value);
    }
  }
  const profiler = engine.profiler;
  if (typeof profiler === "object" && profiler !== null) freezeWithPrototypes(profiler);
  freezeWithPrototypes(engine);

  const storage = backend.data;
  if (typeof storage !== "object" || storage === null) throw new Error("tfjs cpu storage not found");
  sealExcept(storage, STORAGE_COUNTER);
  freeze(getPrototypeOf(storage));
  freezeWithPrototypes(backend);

  const readSync = (getPrototypeOf(backend) as { readSync?: (this: unknown, dataId: unknown) => ArrayLike<number> })
    .readSync;
  if (typeof readSync !== "function") throw new Error("tfjs cpu readSync not found");
  return {
    readValues: (tensor: Tensor) => apply(readSync, backend, [tensor.dataId]),
  };
}
