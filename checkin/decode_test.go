package checkin

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"icebreaker/internal/racefree"
)

// heavy are the tests that decode camera frames: under -race they run in one
// child go test without the race detector (see package racefree).
var heavy = racefree.NewGroup(
	"TestDecodeQRBytes_ReadsOurCodeInCameraFrames",
	"TestDecodeQR_FailsClearly",
	"TestDecodeQR_ReadsEveryImageType",
	"TestDecodeQR_ReadsCodesWhoseDataMimicsAFinderPattern",
	"TestDecodeQR_ReadsEverySeededCode",
)

// TestMain starts heavy's child go test at once, beside the tests that keep
// the race detector.
func TestMain(m *testing.M) { os.Exit(racefree.Main(m, heavy)) }

// seededCodes returns n badge codes drawn from a ChaCha8 seeded with seed:
// the same codes at every run, so that a failure reproduces.
func seededCodes(t testing.TB, seed byte, n int) []string {
	t.Helper()
	random := rand.NewChaCha8([32]byte{seed})
	codes := make([]string, n)
	for i := range codes {
		c, err := NewCodeFrom(random)
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = c
	}
	return codes
}

// finderLookalikes are badge codes whose QR code gozxing's single reader
// cannot read, perfect or printed, at any resolution: a run of their data
// modules passes for a finder pattern. zbarimg reads them all. They are
// the 4 failures among 1,080 seeded badges printed on every layout.
var finderLookalikes = []string{
	"66KRQ65FMSN9TXXVYKFP8U5QTJ",
	"4WSRDQA7RC5KTZB8S9DU3XQKL8",
	"U9BTBCVFKVTZRNJU8BDEHMXT6Y",
	"EZ85VPYS3TZ87LJPW3JU7GKZ97",
}

// cameraFrame simulates a camera frame: a 1280×720 noisy grey scene with a few
// dark blocks, and our QR code for content scaled by scale, rotated by degrees
// and centred at (cx, cy).
func cameraFrame(t testing.TB, content string, scale, degrees float64, cx, cy int) *image.RGBA {
	t.Helper()
	qrPNG, err := QRPNG(content, -4)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := png.Decode(bytes.NewReader(qrPNG))
	if err != nil {
		t.Fatal(err)
	}
	frame := noisyScene(1280, 720, 7)
	sb := qr.Bounds()
	rad := degrees * math.Pi / 180
	cos, sin := scale*math.Cos(rad), scale*math.Sin(rad)
	hw, hh := float64(sb.Dx())/2, float64(sb.Dy())/2
	// Maps source to frame: rotate and scale around the source centre, then
	// translate the centre to (cx, cy).
	s2d := f64.Aff3{
		cos, -sin, float64(cx) - cos*hw + sin*hh,
		sin, cos, float64(cy) - sin*hw - cos*hh,
	}
	draw.BiLinear.Transform(frame, s2d, qr, sb, draw.Src, nil)
	return frame
}

// noisyScene returns a grey scene with pixel noise and dark rectangles.
func noisyScene(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(150 + rng.IntN(80))
			img.SetRGBA(x, y, color.RGBA{v, v, v + 10, 255})
		}
	}
	for range 30 {
		x, y := rng.IntN(w), rng.IntN(h)
		r := image.Rect(x, y, x+10+rng.IntN(120), y+5+rng.IntN(40))
		v := uint8(rng.IntN(90))
		draw.Draw(img, r, image.NewUniform(color.RGBA{v, v, v, 255}), image.Point{}, draw.Src)
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeQRBytes_ReadsOurCodeInCameraFrames(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	code := seededCodes(t, 1, 1)[0]
	plain, err := QRPNG(code, 256)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		frame []byte
	}{
		{"our PNG as is", plain},
		{"PNG frame, upright", encodePNG(t, cameraFrame(t, code, 1.5, 0, 640, 360))},
		{"PNG frame, rotated 8°", encodePNG(t, cameraFrame(t, code, 1.7, 8, 500, 300))},
		{"PNG frame, rotated -15°, small", encodePNG(t, cameraFrame(t, code, 1.1, -15, 900, 400))},
		{"PNG frame, rotated 30°, large", encodePNG(t, cameraFrame(t, code, 3, 30, 640, 360))},
		{"JPEG q70 frame, rotated 5°", encodeJPEG(t, cameraFrame(t, code, 1.6, 5, 400, 420), 70)},
		{"JPEG q40 frame, upside down", encodeJPEG(t, cameraFrame(t, code, 2, 180, 700, 300), 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeQRBytes(tt.frame)
			if err != nil {
				t.Fatalf("DecodeQRBytes: %v", err)
			}
			if got != code {
				t.Errorf("decoded %q, want %q", got, code)
			}
		})
	}
}

func TestDecodeQR_FailsClearly(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	tests := []struct {
		name  string
		frame []byte
		want  error
	}{
		{"frame without a code", encodeJPEG(t, noisyScene(640, 480, 3), 80), ErrNoQRCode},
		{"blank white frame", encodePNG(t, image.NewGray(image.Rect(0, 0, 320, 240))), ErrNoQRCode},
		{"not an image", []byte("hello, this is not a frame"), ErrImageFormat},
		{"empty body", nil, ErrImageFormat},
		{"truncated PNG", encodePNG(t, noisyScene(64, 64, 1))[:200], ErrImageFormat},
		{"over 4K", encodePNG(t, image.NewGray(image.Rect(0, 0, 3841, 2161))), ErrImageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeQRBytes(tt.frame)
			if !errors.Is(err, tt.want) {
				t.Fatalf("DecodeQRBytes = %q, %v; want error %v", got, err, tt.want)
			}
		})
	}
	if _, err := DecodeQR(nil); !errors.Is(err, ErrNoQRCode) {
		t.Errorf("DecodeQR(nil) error = %v, want ErrNoQRCode", err)
	}
}

func BenchmarkDecodeQRBytes_JPEGFrame720p(b *testing.B) {
	code := seededCodes(b, 1, 1)[0]
	frame := encodeJPEG(b, cameraFrame(b, code, 1.6, 6, 640, 360), 75)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeQRBytes(frame); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeQRBytes_JPEGFrameWithoutCode(b *testing.B) {
	frame := encodeJPEG(b, noisyScene(1280, 720, 5), 75)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeQRBytes(frame); !errors.Is(err, ErrNoQRCode) {
			b.Fatal(err)
		}
	}
}

// TestDecodeQR_ReadsEveryImageType covers the fast luminance paths (YCbCr,
// Gray, RGBA, NRGBA), the generic one (Paletted), and sub-images whose
// bounds do not start at the origin.
func TestDecodeQR_ReadsEveryImageType(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	code := seededCodes(t, 2, 1)[0]
	frame := cameraFrame(t, code, 1.5, 7, 640, 360)
	r := frame.Bounds()
	convert := func(dst draw.Image) image.Image {
		draw.Draw(dst, r, frame, r.Min, draw.Src)
		return dst
	}
	jpegFrame, err := jpeg.Decode(bytes.NewReader(encodeJPEG(t, frame, 85)))
	if err != nil {
		t.Fatal(err)
	}
	crop := image.Rect(300, 100, 1000, 650)
	type subImager interface {
		SubImage(image.Rectangle) image.Image
	}
	tests := []struct {
		name string
		img  image.Image
	}{
		{"RGBA", frame},
		{"RGBA sub-image", frame.SubImage(crop)},
		{"NRGBA", convert(image.NewNRGBA(r))},
		{"Gray", convert(image.NewGray(r))},
		{"Gray sub-image", convert(image.NewGray(r)).(subImager).SubImage(crop)},
		{"YCbCr", jpegFrame},
		{"YCbCr sub-image", jpegFrame.(subImager).SubImage(crop)},
		{"Paletted", convert(image.NewPaletted(r, palette256Grey()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeQR(tt.img)
			if err != nil || got != code {
				t.Fatalf("DecodeQR(%T) = %q, %v; want %q", tt.img, got, err, code)
			}
		})
	}
}

func palette256Grey() color.Palette {
	p := make(color.Palette, 256)
	for i := range p {
		p[i] = color.Gray{uint8(i)}
	}
	return p
}

// TestDecodeQR_ReadsCodesWhoseDataMimicsAFinderPattern: the codes that
// gozxing's single reader misses read as perfect images and in camera frames.
func TestDecodeQR_ReadsCodesWhoseDataMimicsAFinderPattern(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	for _, code := range finderLookalikes {
		t.Run(code, func(t *testing.T) {
			plain, err := QRPNG(code, -4)
			if err != nil {
				t.Fatal(err)
			}
			frame := encodeJPEG(t, cameraFrame(t, code, 1.6, 6, 640, 360), 75)
			for name, img := range map[string][]byte{"perfect PNG": plain, "JPEG camera frame": frame} {
				if got, err := DecodeQRBytes(img); err != nil || got != code {
					t.Errorf("%s: DecodeQRBytes = %q, %v; want %q", name, got, err, code)
				}
			}
		})
	}
}

// TestDecodeQR_ReadsEverySeededCode decodes the QR codes of 500 seeded
// badge codes at 4 pixels a module: without the multi-reader fallback, 2 of
// them fail (1 in 200 at 4 pixels a module over 1,000 codes).
func TestDecodeQR_ReadsEverySeededCode(t *testing.T) {
	if heavy.InChild(t) {
		return
	}
	for _, code := range seededCodes(t, 3, 500) {
		b, err := QRPNG(code, -4)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := DecodeQRBytes(b); err != nil || got != code {
			t.Errorf("DecodeQRBytes(QR of %s) = %q, %v", code, got, err)
		}
	}
}

// TestDecodeQR_IsSafeForConcurrentFrames decodes small frames from several
// goroutines at once, as the door does for several kiosks: this one stays
// under the race detector (the heavy decoding tests above leave it, see
// package racefree).
func TestDecodeQR_IsSafeForConcurrentFrames(t *testing.T) {
	codes := append(seededCodes(t, 4, 3), finderLookalikes[0])
	var wg sync.WaitGroup
	for _, code := range codes {
		b, err := QRPNG(code, -2)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			if got, err := DecodeQRBytes(b); err != nil || got != code {
				t.Errorf("DecodeQRBytes(QR of %s) = %q, %v", code, got, err)
			}
		})
	}
	wg.Wait()
}
