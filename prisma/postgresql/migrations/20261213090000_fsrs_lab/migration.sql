-- CreateTable
CREATE TABLE "FsrsFitJob" (
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reviewCount" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "FsrsFitJob_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "SchedulerLabCache" (
    "userId" TEXT NOT NULL,
    "basedOn" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchedulerLabCache_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "FsrsFitJob" ADD CONSTRAINT "FsrsFitJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchedulerLabCache" ADD CONSTRAINT "SchedulerLabCache_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

