import type { ReactNode } from "react";

/** One dashboard widget: a titled region. */
export function Section({
  id,
  title,
  children,
  wide = false,
}: {
  id: string;
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      className={`flex min-w-0 flex-col gap-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800 ${wide ? "md:col-span-2" : ""}`}
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Placeholder while a widget's data loads. */
export function Skeleton({
  id,
  title,
  label,
  wide = false,
  height = "h-48",
}: {
  id: string;
  title: string;
  label: string;
  wide?: boolean;
  height?: string;
}) {
  return (
    <Section id={id} title={title} wide={wide}>
      <div
        role="status"
        aria-label={label}
        className={`${height} w-full animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800`}
      />
    </Section>
  );
}
