-- AlterTable
ALTER TABLE "ItemState" ADD COLUMN "difficulty" REAL;
ALTER TABLE "ItemState" ADD COLUMN "stability" REAL;

-- AlterTable
ALTER TABLE "Note" ADD COLUMN "ankiNoteType" TEXT;
ALTER TABLE "Note" ADD COLUMN "guid" TEXT;

-- AlterTable (added in place: a rebuild of the review log would copy every row)
ALTER TABLE "User" ADD COLUMN "scheduler" TEXT NOT NULL DEFAULT 'sm2';
ALTER TABLE "User" ADD COLUMN "desiredRetention" REAL NOT NULL DEFAULT 0.9;
ALTER TABLE "User" ADD COLUMN "fsrsWeights" TEXT;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN "scheduler" TEXT NOT NULL DEFAULT 'sm2';
ALTER TABLE "ReviewLog" ADD COLUMN "stabilityBefore" REAL;
ALTER TABLE "ReviewLog" ADD COLUMN "difficultyBefore" REAL;
ALTER TABLE "ReviewLog" ADD COLUMN "stabilityAfter" REAL;
ALTER TABLE "ReviewLog" ADD COLUMN "difficultyAfter" REAL;

-- CreateIndex
CREATE UNIQUE INDEX "Note_userId_guid_key" ON "Note"("userId", "guid");
