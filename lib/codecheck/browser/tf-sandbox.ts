/**
 * The TensorFlow.js namespace the sandbox gives learner code: the same core,
 * layers and gradients as `@tensorflow/tfjs`, on the wasm backend (its kernels
 * registered here, its binary handed over by the host: see wasm-backend.ts)
 * with the cpu backend as the fallback. The WebGL backend (shaders), the
 * converter and tf.data are left out: none of the exercises needs them, and
 * they would double what every fresh worker parses before a run.
 */
import "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";
