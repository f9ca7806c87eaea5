-- AlterTable
ALTER TABLE "User" ADD COLUMN     "desiredRetention" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
ADD COLUMN     "fsrsWeights" TEXT,
ADD COLUMN     "scheduler" TEXT NOT NULL DEFAULT 'sm2';

-- AlterTable
ALTER TABLE "ItemState" ADD COLUMN     "difficulty" DOUBLE PRECISION,
ADD COLUMN     "stability" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "difficultyAfter" DOUBLE PRECISION,
ADD COLUMN     "difficultyBefore" DOUBLE PRECISION,
ADD COLUMN     "scheduler" TEXT NOT NULL DEFAULT 'sm2',
ADD COLUMN     "stabilityAfter" DOUBLE PRECISION,
ADD COLUMN     "stabilityBefore" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Note" ADD COLUMN     "ankiNoteType" TEXT,
ADD COLUMN     "guid" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Note_userId_guid_key" ON "Note"("userId", "guid");

