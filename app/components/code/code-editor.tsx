"use client";

import { useEffect, useRef, useState } from "react";

interface Props {
  /** Document shown when the editor mounts; remount (key) to replace it. */
  initial: string;
  label: string;
  loadingLabel: string;
  onChange: (source: string) => void;
  /** Ctrl+Enter / Cmd+Enter. */
  onRun: () => void;
}

/**
 * CodeMirror 6 with JavaScript highlighting. The editor's modules are
 * imported on mount, so they load only on the code page, never with the
 * review page.
 */
export function CodeEditor({ initial, label, loadingLabel, onChange, onRun }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onRun });
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    callbacks.current = { onChange, onRun };
  }, [onChange, onRun]);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      const [{ basicSetup }, { javascript }, { EditorState, Prec }, { EditorView, keymap }] = await Promise.all([
        import("codemirror"),
        import("@codemirror/lang-javascript"),
        import("@codemirror/state"),
        import("@codemirror/view"),
      ]);
      if (cancelled || host.current === null) return;
      const runKeys = Prec.highest(
        keymap.of([
          {
            key: "Mod-Enter",
            run: () => {
              callbacks.current.onRun();
              return true;
            },
          },
        ]),
      );
      const view = new EditorView({
        parent: host.current,
        state: EditorState.create({
          doc: initial,
          extensions: [
            runKeys,
            basicSetup,
            javascript(),
            EditorView.lineWrapping,
            EditorView.contentAttributes.of({ "aria-label": label }),
            EditorView.updateListener.of((update) => {
              if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
            }),
          ],
        }),
      });
      destroy = () => view.destroy();
      setLoaded(true);
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [initial, label]);

  return (
    <div
      className="min-h-48 overflow-hidden rounded-lg border border-zinc-300 text-sm dark:border-zinc-700"
      data-code-editor={loaded ? "ready" : "loading"}
    >
      {loaded ? null : <p className="p-3 text-zinc-500">{loadingLabel}</p>}
      <div ref={host} />
    </div>
  );
}
