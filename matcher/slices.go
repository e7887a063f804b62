package matcher

// mapped returns f of each element of xs, in order (the IDs of
// suggestions, the keys of words).
func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}
