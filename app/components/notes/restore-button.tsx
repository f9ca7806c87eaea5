"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { restoreNoteAction } from "@/app/notes/actions";
import { Button } from "../ui/button";

export function RestoreButton({ noteId }: { noteId: string }) {
  const t = useTranslations("notes");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          await restoreNoteAction({ noteId });
          router.refresh();
        })
      }
    >
      {t("restore")}
    </Button>
  );
}
