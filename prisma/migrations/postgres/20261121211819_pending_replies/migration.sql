-- AlterTable
ALTER TABLE "ProcessedUpdate" ADD COLUMN     "repliesEnc" TEXT;

