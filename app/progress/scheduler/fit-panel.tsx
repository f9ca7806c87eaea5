"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { startFitAction } from "./actions";

/** How often the page asks again while a fit or the lab's computation runs. */
const POLL_INTERVAL_MS = 1500;

/** Re-renders the page from the server while `active`, so a background job's progress shows. */
export function PollWhile({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}

/** The "fit my parameters" button; the job's status is rendered by the page and refreshed by polling. */
export function FitButton({ running }: { running: boolean }) {
  const t = useTranslations("lab.fit");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [started, setStarted] = useState(false);
  return (
    <>
      <Button
        variant="primary"
        className="self-start"
        disabled={pending || running}
        onClick={() =>
          startTransition(async () => {
            await startFitAction();
            setStarted(true);
            router.refresh();
          })
        }
      >
        {pending ? t("starting") : t("button")}
      </Button>
      <PollWhile active={running || (started && pending)} />
    </>
  );
}
