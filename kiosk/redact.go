package kiosk

import (
	"context"
	"log/slog"
	"regexp"
)

// secretInText finds the secrets a log line could carry: a phone link's
// secret in a path (/me/…, /api/me/…, /ws/me/…), a badge code
// (/badge/…), a one-time token or board key in a query, a bearer key.
var secretInText = regexp.MustCompile(`(/(?:api/|ws/)?me/|/badge/|[?&](?:token|key)=|#key=|Bearer )[^/?&#\s"']+`)

// redactText replaces every secret in s by "…", keeping what precedes it.
func redactText(s string) string {
	return secretInText.ReplaceAllString(s, "${1}…")
}

// Redact wraps a log handler so that no line it writes carries a secret
// (see secretInText): in the message and in every string attribute,
// groups included. The server logs through it; the command line wraps the
// HTTP server's error log with it too.
func Redact(h slog.Handler) slog.Handler { return redactHandler{h} }

type redactHandler struct{ next slog.Handler }

func (h redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, redactText(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return redactHandler{h.next.WithAttrs(red)}
}

func (h redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h.next.WithGroup(name)}
}

// redactAttr redacts a's string value, an error's text or a group's
// members.
func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, redactText(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, m := range g {
			red[i] = redactAttr(m)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, redactText(err.Error()))
		}
		if s, ok := v.Any().(interface{ String() string }); ok {
			return slog.String(a.Key, redactText(s.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
