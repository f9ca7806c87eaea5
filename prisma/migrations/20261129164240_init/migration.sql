-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT,
    "name" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'local',
    "locale" TEXT NOT NULL DEFAULT 'zh',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "dayStartHour" INTEGER NOT NULL DEFAULT 4,
    "newPerDay" INTEGER NOT NULL DEFAULT 20,
    "maxReviewsPerDay" INTEGER NOT NULL DEFAULT 200,
    "enrolledContentVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "contentId" TEXT NOT NULL,
    "deck" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ItemState" (
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "position" INTEGER NOT NULL,
    "repetitions" INTEGER NOT NULL DEFAULT 0,
    "intervalDays" INTEGER NOT NULL DEFAULT 0,
    "easePermille" INTEGER NOT NULL DEFAULT 2500,
    "dueAt" DATETIME,
    "lapses" INTEGER NOT NULL DEFAULT 0,
    "lastReviewedAt" DATETIME,
    "redrill" TEXT NOT NULL DEFAULT 'none',
    "version" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "itemId"),
    CONSTRAINT "ItemState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemState_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "quality" INTEGER NOT NULL,
    "reviewedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "repsBefore" INTEGER NOT NULL,
    "intervalBefore" INTEGER NOT NULL,
    "easeBefore" INTEGER NOT NULL,
    "dueBefore" DATETIME,
    "statusBefore" TEXT NOT NULL,
    "redrillBefore" TEXT NOT NULL,
    "lapsesBefore" INTEGER NOT NULL,
    "lastReviewedBefore" DATETIME,
    "repsAfter" INTEGER NOT NULL,
    "intervalAfter" INTEGER NOT NULL,
    "easeAfter" INTEGER NOT NULL,
    "dueAfter" DATETIME,
    "detail" TEXT,
    "undoneAt" DATETIME,
    CONSTRAINT "ReviewLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewLog_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Meta" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Item_deck_idx" ON "Item"("deck");

-- CreateIndex
CREATE UNIQUE INDEX "Item_kind_contentId_key" ON "Item"("kind", "contentId");

-- CreateIndex
CREATE INDEX "ItemState_userId_status_dueAt_position_idx" ON "ItemState"("userId", "status", "dueAt", "position");

-- CreateIndex
CREATE INDEX "ItemState_userId_status_position_idx" ON "ItemState"("userId", "status", "position");

-- CreateIndex
CREATE INDEX "ItemState_userId_lastReviewedAt_idx" ON "ItemState"("userId", "lastReviewedAt");

-- CreateIndex
CREATE INDEX "ItemState_itemId_idx" ON "ItemState"("itemId");

-- CreateIndex
CREATE INDEX "ReviewLog_userId_reviewedAt_idx" ON "ReviewLog"("userId", "reviewedAt");

-- CreateIndex
CREATE INDEX "ReviewLog_userId_itemId_reviewedAt_idx" ON "ReviewLog"("userId", "itemId", "reviewedAt");
