import { describe, expect, it } from "vitest";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { CODE_EXERCISES } from "@/lib/codecheck/exercises/index";
import { itWithNotes, readNotesPage } from "../../setup/notes";

const CONTRACT: Record<string, string> = {
  "rnn-forward": "rnnForward",
  "adam-step": "adamSteps",
  "forward-pass": "forward",
  "cross-entropy-clip": "crossEntropy",
  "softmax-cross-entropy": "softmaxCrossEntropyWithLogits",
  mse: "mse",
  "custom-loss": "customLoss",
  "exponential-decay": "exponentialDecay",
  "l2-regularized-loss": "regularizedLoss",
  "l2-collection": "totalLoss",
  "ema-update": "emaUpdate",
  "conv-layer": "convLayer",
  "max-pool": "maxPool",
  "sgd-step": "sgdStep",
  "xor-network": "trainXor",
  lenet5: "buildLeNet5",
  "two-branch-block": "buildTwoBranchBlock",
};

describe("listCodeExercises", () => {
  it("lists the contracted ids and function names", () => {
    expect(Object.fromEntries(listCodeExercises().map((e) => [e.id, e.functionName]))).toEqual(CONTRACT);
  });

  it("is JSON-serializable metadata without the case builders", () => {
    const list = listCodeExercises();
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    for (const meta of list) expect(meta).not.toHaveProperty("buildCases");
  });

  it.each(CODE_EXERCISES.map((e) => [e.id, e] as const))("%s is complete and bilingual", (_id, exercise) => {
    for (const text of [exercise.title, exercise.task, ...exercise.hints, ...exercise.mistakes.map((m) => m.message)]) {
      expect(text.zh.trim()).not.toBe("");
      expect(text.en.trim()).not.toBe("");
    }
    expect(exercise.hints.length).toBeGreaterThanOrEqual(2);
    expect(exercise.source).toMatch(/^(部分概念补充|第.+章) › /);
    expect(exercise.original.trim()).not.toBe("");
    expect(exercise.starter).toContain(`function ${exercise.functionName}(`);
    expect(exercise.starter).toContain("// TODO");
    expect(exercise.reference).toContain(exercise.functionName);
  });

  itWithNotes("quotes the notes' Python where the notes have code", () => {
    const notes = readNotesPage();
    for (const exercise of CODE_EXERCISES.filter((e) => e.originalFrom === undefined)) {
      for (const line of exercise.original.split("\n").filter((l) => l.trim() !== "")) {
        expect(notes, `${exercise.id}: ${line}`).toContain(line.trim());
      }
    }
  });
});
