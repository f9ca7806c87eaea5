"use client";

import { type Ref, useEffect, useImperativeHandle, useRef, useState } from "react";

/** What the page can do to the editor's document besides the learner's typing. */
export interface CodeEditorHandle {
  /** Replaces the whole document in one change, which the editor's own undo (Ctrl+Z) can take back. */
  replaceDocument: (text: string) => void;
}

interface Props {
  ref?: Ref<CodeEditorHandle>;
  /** The document when the editor opens (the learner's draft, or the starter); read once. */
  loadDocument: () => string;
  label: string;
  loadingLabel: string;
  onChange: (source: string) => void;
  /** Ctrl+Enter / Cmd+Enter. */
  onRun: () => void;
}

const DARK_SCHEME = "(prefers-color-scheme: dark)";
/** The editor's height before the code grows it; the editor's own background fills it in either theme. */
const MIN_HEIGHT = "12rem";

/**
 * CodeMirror 6 with JavaScript highlighting, in One Dark when the system is
 * dark. The editor's modules are imported on mount, so they load only on the
 * code page, never with the review page.
 */
export function CodeEditor({ ref, loadDocument, label, loadingLabel, onChange, onRun }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<import("@codemirror/view").EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun, loadDocument });
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    callbacks.current = { onChange, onRun, loadDocument };
  }, [onChange, onRun, loadDocument]);

  useImperativeHandle(
    ref,
    () => ({
      replaceDocument: (text) => {
        const current = view.current;
        if (current === null) return;
        current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } });
      },
    }),
    [],
  );

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      const [{ basicSetup }, { javascript }, { Compartment, EditorState, Prec }, { EditorView, keymap }, { oneDark }] =
        await Promise.all([
          import("codemirror"),
          import("@codemirror/lang-javascript"),
          import("@codemirror/state"),
          import("@codemirror/view"),
          import("@codemirror/theme-one-dark"),
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
      const scheme = window.matchMedia(DARK_SCHEME);
      const theme = new Compartment();
      const themeFor = (dark: boolean) => (dark ? oneDark : []);
      const editor = new EditorView({
        parent: host.current,
        state: EditorState.create({
          doc: callbacks.current.loadDocument(),
          extensions: [
            runKeys,
            basicSetup,
            javascript(),
            theme.of(themeFor(scheme.matches)),
            EditorView.theme({ ".cm-content, .cm-gutter": { minHeight: MIN_HEIGHT } }),
            EditorView.lineWrapping,
            EditorView.contentAttributes.of({ "aria-label": label }),
            EditorView.updateListener.of((update) => {
              if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
            }),
          ],
        }),
      });
      const followScheme = (event: MediaQueryListEvent) =>
        editor.dispatch({ effects: theme.reconfigure(themeFor(event.matches)) });
      scheme.addEventListener("change", followScheme);
      view.current = editor;
      destroy = () => {
        scheme.removeEventListener("change", followScheme);
        view.current = null;
        editor.destroy();
      };
      setLoaded(true);
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [label]);

  return (
    <div
      className={`overflow-hidden rounded-lg border border-zinc-300 text-sm dark:border-zinc-700 ${loaded ? "" : "min-h-48"}`}
      data-code-editor={loaded ? "ready" : "loading"}
    >
      {loaded ? null : <p className="p-3 text-zinc-500">{loadingLabel}</p>}
      <div ref={host} />
    </div>
  );
}
