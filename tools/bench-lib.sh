# tools/bench-lib.sh: shell helpers the benchmark scripts share (sourced).

# stats V...: "median M, lowest L (N rounds)" of the numbers given ("-",
# a measurement that failed, is left out).
stats() {
	printf '%s\n' "$@" | grep -v '^-$' | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "median -, lowest -"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "median %.2f, lowest %.2f (%d rounds)\n", m, v[1], NR
		}'
}
