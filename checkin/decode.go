package checkin

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // camera frames from canvas.toBlob("image/jpeg")
	_ "image/png"  // camera frames from canvas.toBlob() (default PNG)

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	_ "golang.org/x/image/webp" // canvas.toBlob("image/webp") in Chromium
)

// Errors of DecodeQR and DecodeQRBytes; test them with errors.Is.
var (
	// ErrNoQRCode means no readable QR code was found in the image: the
	// common case for a camera frame with no badge in view, or a blurred one.
	// Callers simply try the next frame. (gozxing's "found but bad checksum
	// or format" is not reported apart: noise makes false finder patterns
	// that fail the same way, so it would not tell the operator anything.)
	ErrNoQRCode = errors.New("checkin: no readable QR code in the image")
	// ErrImageFormat means the bytes are not a PNG, JPEG or WebP image.
	ErrImageFormat = errors.New("checkin: not a PNG, JPEG or WebP image")
	// ErrImageTooLarge means the image has more than MaxFramePixels pixels.
	ErrImageTooLarge = errors.New("checkin: image too large to decode")
)

// MaxFramePixels bounds the size of an image DecodeQRBytes accepts (about
// 4K UHD), checked from the header before the pixels are decoded, so a small
// upload cannot make the server allocate gigabytes.
const MaxFramePixels = 3840 * 2160

// DecodeQR returns the text of the QR code in img. It is the server-side
// fallback for kiosks whose browser has no BarcodeDetector: img is a camera
// frame, the badge may be small, slightly rotated or tilted, and the rest of
// the frame is noise. It tries a local-contrast binarizer (uneven light)
// then a global-histogram one (low contrast), both in gozxing's try-harder mode.
// If several QR codes are in view, which one is returned is unspecified.
//
// It fails with an error wrapping ErrNoQRCode when no QR code can be read.
func DecodeQR(img image.Image) (string, error) {
	if img == nil || img.Bounds().Empty() {
		return "", fmt.Errorf("%w (empty image)", ErrNoQRCode)
	}
	source, err := luminanceSource(img)
	if err != nil {
		return "", fmt.Errorf("checkin: QR decoder: %w", err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	binarizers := []func(gozxing.LuminanceSource) gozxing.Binarizer{
		gozxing.NewHybridBinarizer,
		gozxing.NewGlobalHistgramBinarizer,
	}
	var lastErr error
	for _, binarize := range binarizers {
		bmp, err := gozxing.NewBinaryBitmap(binarize(source))
		if err != nil {
			return "", fmt.Errorf("checkin: QR decoder: %w", err)
		}
		res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
		if err == nil {
			return res.GetText(), nil
		}
		lastErr = err
		// The single reader bets on one triple of finder patterns: the
		// candidates closest to a right isosceles triangle, a measure in
		// squared pixels that favours small triangles. A run of data modules
		// that looks like a finder pattern (dark-light-3 dark-light-dark) next
		// to two real finders can win, and then a perfect symbol does not
		// read, at any resolution: about 1 of our codes in 250 (see
		// TestDecodeQR_ReadsCodesWhoseDataMimicsAFinderPattern). The multi
		// reader decodes every plausible triple; it reuses the binarised
		// image, and costs only when the first try failed.
		if all, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints); err == nil && len(all) > 0 {
			return all[0].GetText(), nil
		}
	}
	return "", fmt.Errorf("%w (%v)", ErrNoQRCode, lastErr)
}

// DecodeQRBytes decodes a PNG, JPEG or WebP image (a camera frame posted by a
// browser) and returns the text of the QR code in it, as DecodeQR. Images over
// MaxFramePixels are refused with ErrImageTooLarge before their pixels are
// decoded; bytes that are not an image give ErrImageFormat.
func DecodeQRBytes(b []byte) (string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrImageFormat, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxFramePixels/cfg.Height {
		return "", fmt.Errorf("%w: %d×%d pixels, at most %d", ErrImageTooLarge, cfg.Width, cfg.Height, MaxFramePixels)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrImageFormat, err)
	}
	return DecodeQR(img)
}

// luminanceSource returns img's brightness as a gozxing source. Camera frames
// decode to *image.YCbCr (JPEG, WebP) or *image.RGBA/NRGBA (PNG), so those and
// *image.Gray take a fast path that copies or computes one byte per pixel;
// gozxing's generic path calls At per pixel and costs about 40 % of a decode.
func luminanceSource(img image.Image) (gozxing.LuminanceSource, error) {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	luma := make([]byte, w*h)
	switch src := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			start := src.YOffset(r.Min.X, r.Min.Y+y)
			copy(luma[y*w:(y+1)*w], src.Y[start:start+w])
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			start := src.PixOffset(r.Min.X, r.Min.Y+y)
			copy(luma[y*w:(y+1)*w], src.Pix[start:start+w])
		}
	case *image.RGBA:
		rgbaLuma(luma, src.Pix, src.Stride, src.PixOffset(r.Min.X, r.Min.Y), w, h)
	case *image.NRGBA: // alpha ignored: camera frames are opaque
		rgbaLuma(luma, src.Pix, src.Stride, src.PixOffset(r.Min.X, r.Min.Y), w, h)
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				luma[y*w+x] = color.GrayModel.Convert(img.At(r.Min.X+x, r.Min.Y+y)).(color.Gray).Y
			}
		}
	}
	return gozxing.NewPlanarYUVLuminanceSource(luma, w, h, 0, 0, w, h, false)
}

// rgbaLuma writes the Rec. 601 luma of w×h 4-byte RGBA pixels starting at
// offset in pix (stride bytes a row) into luma.
func rgbaLuma(luma, pix []byte, stride, offset, w, h int) {
	for y := 0; y < h; y++ {
		row := pix[offset+y*stride : offset+y*stride+4*w]
		for x := 0; x < w; x++ {
			p := row[4*x : 4*x+3]
			luma[y*w+x] = byte((299*int(p[0]) + 587*int(p[1]) + 114*int(p[2]) + 500) / 1000)
		}
	}
}
