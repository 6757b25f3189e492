"""Word in and out: export, tracked-changes redline, review report, import and splitting."""
