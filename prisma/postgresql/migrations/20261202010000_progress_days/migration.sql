-- CreateTable
CREATE TABLE "ProgressDayCount" (
    "userId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "itemKind" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "retention" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "ProgressDayCount_pkey" PRIMARY KEY ("userId","zone","day","itemKind","quality","retention")
);

-- CreateTable
CREATE TABLE "ProgressDaySpan" (
    "userId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "firstDay" TEXT NOT NULL,
    "throughDay" TEXT NOT NULL,

    CONSTRAINT "ProgressDaySpan_pkey" PRIMARY KEY ("userId","zone")
);

-- AddForeignKey
ALTER TABLE "ProgressDayCount" ADD CONSTRAINT "ProgressDayCount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressDaySpan" ADD CONSTRAINT "ProgressDaySpan_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

