-- CreateTable
CREATE TABLE "TwinLink" (
    "id" TEXT NOT NULL,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TwinLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataVersion" (
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "TwinLink_city_country_partner_key" ON "TwinLink"("city", "country", "partner");

