-- Own decks, notes and images of learners, and per-learner suspend, bury, flag, tags and notes on any item.
-- CreateTable
CREATE TABLE "Deck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Deck_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeckLimit" (
    "userId" TEXT NOT NULL,
    "deckKey" TEXT NOT NULL,
    "newPerDay" INTEGER,
    "maxReviewsPerDay" INTEGER,

    PRIMARY KEY ("userId", "deckKey"),
    CONSTRAINT "DeckLimit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "deckId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Note_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonalNote" (
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "itemId"),
    CONSTRAINT "PersonalNote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PersonalNote_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Media" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Media_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "contentId" TEXT NOT NULL,
    "deck" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ownerId" TEXT,
    "noteId" TEXT,
    "ord" INTEGER NOT NULL DEFAULT 0,
    "cardType" TEXT NOT NULL DEFAULT '',
    "noteType" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT '',
    "searchText" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Item_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Item_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("contentHash", "contentId", "createdAt", "deck", "id", "kind", "payload", "position", "retiredAt", "updatedAt") SELECT "contentHash", "contentId", "createdAt", "deck", "id", "kind", "payload", "position", "retiredAt", "updatedAt" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_deck_idx" ON "Item"("deck");
CREATE INDEX "Item_ownerId_position_idx" ON "Item"("ownerId", "position");
CREATE INDEX "Item_noteId_idx" ON "Item"("noteId");
CREATE UNIQUE INDEX "Item_kind_contentId_key" ON "Item"("kind", "contentId");
CREATE TABLE "new_ItemState" (
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
    "deck" TEXT NOT NULL DEFAULT '',
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "buriedUntil" DATETIME,
    "flag" INTEGER NOT NULL DEFAULT 0,
    "tags" TEXT NOT NULL DEFAULT '',
    "contentTags" TEXT NOT NULL DEFAULT '',
    "cardType" TEXT NOT NULL DEFAULT '',
    "noteType" TEXT NOT NULL DEFAULT '',
    "searchText" TEXT NOT NULL DEFAULT '',
    "addedAt" DATETIME,

    PRIMARY KEY ("userId", "itemId"),
    CONSTRAINT "ItemState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemState_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ItemState" ("dueAt", "easePermille", "intervalDays", "itemId", "lapses", "lastReviewedAt", "position", "redrill", "repetitions", "status", "userId", "version") SELECT "dueAt", "easePermille", "intervalDays", "itemId", "lapses", "lastReviewedAt", "position", "redrill", "repetitions", "status", "userId", "version" FROM "ItemState";
DROP TABLE "ItemState";
ALTER TABLE "new_ItemState" RENAME TO "ItemState";
CREATE INDEX "ItemState_userId_status_dueAt_position_idx" ON "ItemState"("userId", "status", "dueAt", "position");
CREATE INDEX "ItemState_userId_status_position_idx" ON "ItemState"("userId", "status", "position");
CREATE INDEX "ItemState_userId_lastReviewedAt_idx" ON "ItemState"("userId", "lastReviewedAt");
CREATE INDEX "ItemState_itemId_idx" ON "ItemState"("itemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Deck_userId_name_key" ON "Deck"("userId", "name");

-- CreateIndex
CREATE INDEX "Note_userId_deletedAt_idx" ON "Note"("userId", "deletedAt");

-- CreateIndex
CREATE INDEX "Media_userId_sha256_idx" ON "Media"("userId", "sha256");


-- Every schedule row copies the deck and creation time of its item (the
-- search columns are filled by the next content sync, which every start runs).
UPDATE "ItemState" SET
  "deck" = (SELECT i."deck" FROM "Item" i WHERE i."id" = "ItemState"."itemId"),
  "addedAt" = (SELECT i."createdAt" FROM "Item" i WHERE i."id" = "ItemState"."itemId");
