-- CreateTable
CREATE TABLE "ExerciseAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "generatorId" TEXT NOT NULL,
    "seed" BIGINT NOT NULL,
    "mode" TEXT NOT NULL,
    "replay" BOOLEAN NOT NULL DEFAULT false,
    "shownAt" DATETIME NOT NULL,
    "hintsShown" INTEGER NOT NULL DEFAULT 0,
    "solutionShown" BOOLEAN NOT NULL DEFAULT false,
    "answers" TEXT NOT NULL DEFAULT '[]',
    "answerCount" INTEGER NOT NULL DEFAULT 0,
    "solvedAt" DATETIME,
    "reviewId" TEXT,
    CONSTRAINT "ExerciseAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ExerciseAttempt_reviewId_key" ON "ExerciseAttempt"("reviewId");

-- CreateIndex
CREATE INDEX "ExerciseAttempt_userId_generatorId_mode_reviewId_idx" ON "ExerciseAttempt"("userId", "generatorId", "mode", "reviewId");

-- CreateIndex
CREATE INDEX "ExerciseAttempt_userId_shownAt_idx" ON "ExerciseAttempt"("userId", "shownAt");

