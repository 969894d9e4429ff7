-- CreateTable
CREATE TABLE "Petition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleYue" TEXT NOT NULL,
    "summaryEn" TEXT NOT NULL,
    "summaryYue" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "textYue" TEXT NOT NULL,
    "eligibilityEn" TEXT NOT NULL,
    "eligibilityYue" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "officialUrl" TEXT,
    "goal" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "opensAt" DATETIME,
    "closesAt" DATETIME,
    "askEmail" TEXT NOT NULL DEFAULT 'none',
    "askPostcode" TEXT NOT NULL DEFAULT 'none',
    "place" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "petitionId" TEXT NOT NULL,
    "signerHash" TEXT NOT NULL,
    "nameEnc" TEXT NOT NULL,
    "emailEnc" TEXT,
    "postcodeEnc" TEXT,
    "platform" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Signature_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberPreference" (
    "memberHash" TEXT NOT NULL PRIMARY KEY,
    "lang" TEXT,
    "updatesOptIn" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConversationState" (
    "memberHash" TEXT NOT NULL PRIMARY KEY,
    "dataEnc" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "platform" TEXT NOT NULL,
    "updateKey" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("platform", "updateKey")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Petition_slug_key" ON "Petition"("slug");

-- CreateIndex
CREATE INDEX "Signature_signerHash_idx" ON "Signature"("signerHash");

-- CreateIndex
CREATE INDEX "Signature_petitionId_createdAt_idx" ON "Signature"("petitionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_petitionId_signerHash_key" ON "Signature"("petitionId", "signerHash");

-- CreateIndex
CREATE INDEX "ConversationState_expiresAt_idx" ON "ConversationState"("expiresAt");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_processedAt_idx" ON "ProcessedUpdate"("processedAt");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

