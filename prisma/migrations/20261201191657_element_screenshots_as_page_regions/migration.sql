-- AlterTable
ALTER TABLE "screenshots" ADD COLUMN     "clip_x" INTEGER,
ADD COLUMN     "clip_y" INTEGER,
ALTER COLUMN "data" DROP NOT NULL;
