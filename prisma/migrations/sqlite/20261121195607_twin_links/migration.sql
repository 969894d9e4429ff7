-- CreateTable
CREATE TABLE "TwinLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "city" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "region" TEXT,
    "partner" TEXT NOT NULL,
    "partnerZh" TEXT,
    "partnerProvince" TEXT,
    "type" TEXT NOT NULL,
    "sinceYear" INTEGER,
    "status" TEXT NOT NULL,
    "endedYear" INTEGER,
    "sourceUrl" TEXT NOT NULL,
    "notes" TEXT,
    "provenance" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DataVersion" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "TwinLink_city_country_partner_key" ON "TwinLink"("city", "country", "partner");

