#!/bin/bash
# The original's disk checks are in its verdict; the restored copy's here.
. "$SCENLIB"
require_results "ok checkpoint" "ok restored copy"
