import { splitCodeSpans } from "@/lib/codecheck/text";

/** A checker message: prose, with its backtick code spans shown as code. */
export function CheckerText({ text }: { text: string }) {
  return (
    <>
      {splitCodeSpans(text).map((piece, index) =>
        piece.code ? (
          <code key={index} className="rounded bg-zinc-100 px-1 font-mono text-[0.9em] dark:bg-zinc-800">
            {piece.text}
          </code>
        ) : (
          <span key={index}>{piece.text}</span>
        ),
      )}
    </>
  );
}
