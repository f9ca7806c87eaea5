-- A one-day raise of the new-item limit ("more new cards today").
ALTER TABLE "User" ADD COLUMN "extraNewDayKey" TEXT;
ALTER TABLE "User" ADD COLUMN "extraNewCount" INTEGER NOT NULL DEFAULT 0;
