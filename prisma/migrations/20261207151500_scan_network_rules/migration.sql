-- AlterTable
ALTER TABLE "instance_settings" ADD COLUMN     "scan_network_rules" TEXT NOT NULL DEFAULT '';
