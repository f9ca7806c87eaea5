"use client";

import { CardReview } from "./card-review";
import { CodeReview } from "./code-review";
import { ExerciseReview } from "./exercise-review";
import type { ReviewItemProps } from "./shared";

/** The review UI of one item, by kind. */
export function ReviewItem(props: ReviewItemProps) {
  switch (props.current.itemKind) {
    case "exercise":
      return <ExerciseReview {...props} />;
    case "code":
      return <CodeReview {...props} />;
    default:
      return <CardReview {...props} />;
  }
}
