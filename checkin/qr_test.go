package checkin

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decodeWithZXing decodes a PNG with gozxing directly, independent of
// DecodeQR, so the encoder is checked against a reader it does not share code with.
func decodeWithZXing(t *testing.T, pngBytes []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("gozxing could not read our QR: %v", err)
	}
	return res.GetText()
}

func TestQRPNG_DecodesBackToContent(t *testing.T) {
	code := seededCodes(t, 5, 1)[0]
	// A fixed secret, as NewSecret writes them: random ones made this test
	// fail 1 run in a few hundred, on the contents whose data mimics a
	// finder pattern that gozxing's lone reader cannot read (see
	// finderLookalikes; DecodeQR reads them).
	var raw [SecretBytes]byte
	rand.NewChaCha8([32]byte{5}).Read(raw[:])
	secret := base64.RawURLEncoding.EncodeToString(raw[:])
	tests := []struct {
		name    string
		content string
		size    int
	}{
		{"badge code 256px", code, 256},
		{"badge code 3px per module", code, -3},
		{"phone link", "https://192.168.1.20:8443/p/" + secret, 300},
		{"accented text", "Éloïse Cœur-Dupré", 256},
		{"imported ticket", "4F7XK-pretix", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := QRPNG(tt.content, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeWithZXing(t, b); got != tt.content {
				t.Errorf("decoded %q, want %q", got, tt.content)
			}
		})
	}
}

func TestQRPNG_RejectsEmptyAndOversizedContent(t *testing.T) {
	if _, err := QRPNG("", 256); err == nil {
		t.Error("QRPNG(\"\") succeeded, want an error")
	}
	if _, err := QRPNG(strings.Repeat("x", 4000), 256); err == nil {
		t.Error("QRPNG(4000 bytes) succeeded, want an error")
	}
}

func TestQRModules_IsSquareWithQuietZone(t *testing.T) {
	code := seededCodes(t, 6, 1)[0]
	m, err := QRModules(code)
	if err != nil {
		t.Fatal(err)
	}
	// Version 2 is 25 modules, plus 4 quiet modules each side.
	if len(m) != 33 {
		t.Errorf("a badge code is %d modules wide, want 33 (version 2 with quiet zone)", len(m))
	}
	for y, row := range m {
		if len(row) != len(m) {
			t.Fatalf("row %d has %d modules, want %d", y, len(row), len(m))
		}
		for x, dark := range row {
			inQuiet := x < 4 || y < 4 || x >= len(m)-4 || y >= len(m)-4
			if inQuiet && dark {
				t.Fatalf("module (%d,%d) in the quiet zone is dark", x, y)
			}
		}
	}
	if !m[4][4] {
		t.Error("top-left finder corner is not dark")
	}
}

func BenchmarkQRPNG(b *testing.B) {
	code := seededCodes(b, 6, 1)[0]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QRPNG(code, 256); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzQRPNG feeds arbitrary content to QRPNG: it never panics, refuses only
// empty or oversized content (with an error), and a code that it makes reads
// back as the same text when the text is valid UTF-8.
func FuzzQRPNG(f *testing.F) {
	for _, s := range []string{"23456789ABCDEFGHJKLMNPQRST", "https://192.168.1.20:8443/p/abc", "Éloïse Cœur-Dupré", "🌸 🇫🇷 𝐀 👩\u200d👩\u200d👧", "Ali\u202Egnp.exe", "שלום محمد", "a\xffb", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		b, err := QRPNG(content, -2)
		if err != nil {
			if content != "" && len(content) < 2000 {
				t.Fatalf("QRPNG(%q): %v", content, err)
			}
			return
		}
		if !utf8.ValidString(content) {
			return // bytes that are not text: no reader promises them back
		}
		if got, err := DecodeQRBytes(b); err != nil || got != content {
			t.Fatalf("QR of %q decoded as %q, %v", content, got, err)
		}
	})
}
