/**
 * Freezes the parts of tfjs that decide what a tensor holds, before learner
 * code runs in a check worker: the engine, the backend and its storage, the
 * kernel and gradient registries and the globals tfjs looks them up through;
 * on the wasm backend also the emscripten module its kernels call through.
 * Learner code can still call every op; it can no longer swap a kernel
 * (`tf.registerKernel`), wrap `engine.runKernel`, replace `backend.readSync`
 * or a wasm export. Its values are read with means captured here — the cpu
 * backend's own `readSync`, or the wasm memory's own buffer — so even a
 * tampered engine state cannot change what is read.
 *
 * Expected values never come from this realm (they are computed at build
 * time in Node); this keeps the learner's own outputs honest.
 */
import type { ReadValues, Tensor, Tf } from "../types";

/** Where tfjs keeps its singletons (`getGlobalNamespace()`: `self` in a worker). */
const ENGINE_GLOBAL = "_tfengine";
const REGISTRY_GLOBAL = "_tfGlobals";
const REGISTRIES = ["kernelRegistry", "gradRegistry"] as const;
/** DataStorage counts its entries in place; everything else on it stays fixed. */
const STORAGE_COUNTER = "dataIdsCount";

/** Where each backend keeps its DataStorage, and the counters it bumps in place on every new tensor. */
const BACKEND_LAYOUTS: Readonly<Record<string, { storage: string; counters: readonly string[] }>> = {
  cpu: { storage: "data", counters: [] },
  wasm: { storage: "dataIdMap", counters: ["dataIdNextNumber"] },
};
/** Emscripten's views of the wasm memory (`Module.HEAPU8`, …), replaced whenever the memory grows. */
const HEAP_VIEW = /^HEAP(8|16|32|U8|U16|U32|F32|F64)$/;

type AnyMap = Map<unknown, unknown>;

export interface LockedTf {
  readValues: ReadValues;
}

const apply = Reflect.apply;
const getPrototypeOf = Object.getPrototypeOf;
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const freeze = Object.freeze;
const ownKeys = Reflect.ownKeys;

type AnyMethod = (...args: never[]) => unknown;

function capture(target: object, name: string, part: "value" | "get" = "value"): AnyMethod {
  const descriptor = getOwnPropertyDescriptor(target, name);
  const method: unknown = descriptor === undefined ? undefined : Reflect.get(descriptor, part);
  if (typeof method !== "function") throw new Error(`${name} not found`);
  return method as AnyMethod;
}

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

/** Every property fixed except the `writable` counters, and nothing can be added. */
function sealExcept(target: object, writable: readonly string[]): void {
  for (const key of ownKeys(target)) {
    const isData = "value" in (getOwnPropertyDescriptor(target, key) ?? {});
    const keepsCounting = typeof key === "string" && writable.includes(key);
    defineProperty(
      target,
      key,
      isData && !keepsCounting ? { configurable: false, writable: false } : { configurable: false },
    );
  }
  Object.preventExtensions(target);
}

/**
 * A counter that only steps up by one, as `counter++` does: learner code
 * cannot set it back to hand out an id a live tensor already has.
 */
function countUpOnly(target: object, key: string): void {
  const initial: unknown = Reflect.get(target, key);
  if (typeof initial !== "number") throw new Error(`tfjs counter ${key} not found`);
  let value = initial;
  defineProperty(target, key, {
    get: () => value,
    set: (next: unknown) => {
      if (next !== value + 1) throw new Error(`${key} only counts up in the exercise sandbox.`);
      value = next;
    },
    enumerable: true,
    configurable: false,
  });
}

function ignoreWrite(): void {
  // Emscripten re-assigns its exports and heap views; the pinned getters already answer for them.
}

/**
 * Pins every property of the wasm backend's emscripten module: kernels call
 * `Module._Add`, `Module.asm`, `Module.HEAPU8` (the backend writes and reads
 * tensors through it) at run time. The module's own writes — a lazy export
 * resolving itself, new heap views after the memory grew — land on a setter
 * that ignores them, so freezing breaks nothing; each heap view is rebuilt
 * from the memory's current buffer. Returns that buffer's reader.
 */
function pinEmscriptenModule(module: Record<string, unknown>): () => ArrayBuffer {
  const asm = module.asm as { memory?: unknown } | undefined;
  const memory = asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error("tfjs wasm memory not found");
  const bufferOf = capture(WebAssembly.Memory.prototype, "buffer", "get");
  const currentBuffer = () => apply(bufferOf, memory, []) as ArrayBuffer;
  for (const key of ownKeys(module)) {
    const descriptor = getOwnPropertyDescriptor(module, key);
    if (descriptor === undefined || !descriptor.configurable) continue;
    if (!("value" in descriptor)) {
      defineProperty(module, key, { configurable: false });
      continue;
    }
    const value: unknown = descriptor.value;
    const enumerable = descriptor.enumerable ?? false;
    if (typeof key === "string" && HEAP_VIEW.test(key) && ArrayBuffer.isView(value)) {
      const View = value.constructor as new (buffer: ArrayBuffer) => ArrayBufferView;
      let buffer: ArrayBuffer | null = null;
      let view: ArrayBufferView | null = null;
      const heapView = () => {
        const current = currentBuffer();
        if (current !== buffer || view === null) {
          buffer = current;
          view = new View(current);
        }
        return view;
      };
      defineProperty(module, key, { get: heapView, set: ignoreWrite, enumerable, configurable: false });
    } else {
      defineProperty(module, key, { get: () => value, set: ignoreWrite, enumerable, configurable: false });
    }
  }
  const bridge = module.tfjs;
  if (typeof bridge === "object" && bridge !== null) freeze(bridge);
  return currentBuffer;
}

type TypedArrayConstructor = new (
  bufferOrLength: ArrayBuffer | number,
  offset?: number,
  length?: number,
) => ArrayLike<number>;

/**
 * The wasm backend's values straight from its memory: the offset and shape
 * from its (sealed) storage, the typed arrays and the copy captured here,
 * not looked up on globals or species learner code could replace.
 */
function wasmReader(storage: object, currentBuffer: () => ArrayBuffer): ReadValues {
  const storageGet = capture(getPrototypeOf(storage) as object, "get");
  const typedArrayPrototype = getPrototypeOf(Float32Array.prototype) as object;
  const setValues = capture(typedArrayPrototype, "set");
  const views: Readonly<Record<string, TypedArrayConstructor>> = {
    float32: Float32Array,
    int32: Int32Array,
    bool: Uint8Array,
  };
  return (tensor: Tensor) => {
    const entry = apply(storageGet, storage, [tensor.dataId]) as
      { memoryOffset?: unknown; shape?: unknown; dtype?: unknown } | undefined;
    const View = typeof entry?.dtype === "string" && Object.hasOwn(views, entry.dtype) ? views[entry.dtype] : undefined;
    if (
      entry === undefined ||
      View === undefined ||
      typeof entry.memoryOffset !== "number" ||
      !Array.isArray(entry.shape)
    ) {
      throw new Error("this tensor's values are not in the wasm memory");
    }
    let size = 1;
    for (const dimension of entry.shape as unknown[]) size *= Number(dimension);
    const copy = new View(size);
    apply(setValues, copy, [new View(currentBuffer(), entry.memoryOffset, size)]);
    return copy;
  };
}

export function lockTf(tf: Tf, scope: object): LockedTf {
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const backend = tf.backend() as unknown as Record<string, unknown>;
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
      // The active backend keeps its counters: it is locked on its own below.
      for (const entry of Object.values(value)) {
        if (typeof entry === "object" && entry !== null && entry !== backend) freeze(entry);
      }
      freeze(value);
    }
  }
  const profiler = engine.profiler;
  if (typeof profiler === "object" && profiler !== null) freezeWithPrototypes(profiler);
  freezeWithPrototypes(engine);

  const backendName = tf.getBackend();
  const layout = Object.hasOwn(BACKEND_LAYOUTS, backendName) ? BACKEND_LAYOUTS[backendName] : undefined;
  if (layout === undefined) throw new Error(`no lock for the tfjs backend "${backendName}"`);
  const storage = backend[layout.storage];
  if (typeof storage !== "object" || storage === null) throw new Error(`tfjs ${backendName} storage not found`);
  sealExcept(storage, [STORAGE_COUNTER]);
  freeze(getPrototypeOf(storage));

  if (backendName === "wasm") {
    const emscripten = backend.wasm;
    if (typeof emscripten !== "object" || emscripten === null) throw new Error("tfjs wasm module not found");
    const currentBuffer = pinEmscriptenModule(emscripten as Record<string, unknown>);
    for (const counter of layout.counters) countUpOnly(backend, counter);
    sealExcept(backend, layout.counters);
    freezeWithPrototypes(getPrototypeOf(backend) as object);
    return { readValues: wasmReader(storage, currentBuffer) };
  }

  freezeWithPrototypes(backend);
  const readSync = (getPrototypeOf(backend) as { readSync?: (this: unknown, dataId: unknown) => ArrayLike<number> })
    .readSync;
  if (typeof readSync !== "function") throw new Error("tfjs cpu readSync not found");
  return {
    readValues: (tensor: Tensor) => apply(readSync, backend, [tensor.dataId]),
  };
}
