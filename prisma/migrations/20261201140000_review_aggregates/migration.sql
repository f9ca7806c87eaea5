-- CreateTable
CREATE TABLE "ReviewAggregate" (
    "userId" TEXT NOT NULL,
    "bucketStart" DATETIME NOT NULL,
    "itemKind" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "retention" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "bucketStart", "itemKind", "quality", "retention"),
    CONSTRAINT "ReviewAggregate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Backfill from the review log (undone reviews do not count). The bucket is the
-- start of the UTC quarter-hour, written as the driver adapter writes instants.
INSERT INTO "ReviewAggregate" ("userId", "bucketStart", "itemKind", "quality", "retention", "count", "durationMs")
SELECT "userId",
       substr("reviewedAt", 1, 14) || printf('%02d', (CAST(substr("reviewedAt", 15, 2) AS INTEGER) / 15) * 15) || ':00.000+00:00',
       CASE WHEN "itemId" LIKE 'exercise:%' THEN 'exercise' WHEN "itemId" LIKE 'code:%' THEN 'code' ELSE 'card' END,
       "quality",
       CASE WHEN "kind" = 'review' THEN CASE WHEN "intervalBefore" >= 21 THEN 2 ELSE 1 END ELSE 0 END,
       COUNT(*),
       SUM("durationMs")
FROM "ReviewLog"
WHERE "undoneAt" IS NULL
GROUP BY 1, 2, 3, 4, 5;
