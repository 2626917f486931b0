set -u; . "$SCENLIB"; require_results "ok linux"
