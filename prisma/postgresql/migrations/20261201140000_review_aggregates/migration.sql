-- CreateTable
CREATE TABLE "ReviewAggregate" (
    "userId" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "itemKind" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "retention" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "ReviewAggregate_pkey" PRIMARY KEY ("userId","bucketStart","itemKind","quality","retention")
);

-- AddForeignKey
ALTER TABLE "ReviewAggregate" ADD CONSTRAINT "ReviewAggregate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the review log (undone reviews do not count). The bucket is the
-- start of the UTC quarter-hour.
INSERT INTO "ReviewAggregate" ("userId", "bucketStart", "itemKind", "quality", "retention", "count", "durationMs")
SELECT "userId",
       date_trunc('hour', "reviewedAt") + floor(extract(minute FROM "reviewedAt") / 15) * interval '15 minutes',
       CASE WHEN "itemId" LIKE 'exercise:%' THEN 'exercise' WHEN "itemId" LIKE 'code:%' THEN 'code' ELSE 'card' END,
       "quality",
       CASE WHEN "kind" = 'review' THEN CASE WHEN "intervalBefore" >= 21 THEN 2 ELSE 1 END ELSE 0 END,
       COUNT(*),
       SUM("durationMs")
FROM "ReviewLog"
WHERE "undoneAt" IS NULL
GROUP BY 1, 2, 3, 4, 5;
