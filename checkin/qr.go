package checkin

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// qrRecovery is the error-correction level of every QR code we make: Medium
// (about 15 % of the symbol may be damaged) survives a creased or smudged
// badge while keeping a 26-character code at version 2 (25×25 modules), big
// modules and a fast read.
const qrRecovery = qrcode.Medium

// errEmptyQRContent is returned when asked to encode nothing.
var errEmptyQRContent = errors.New("checkin: empty QR content")

// QRPNG returns a PNG image of a QR code holding content, black on white with
// the standard 4-module quiet zone, at medium error recovery. size is the
// image width and height in pixels; a negative size -n gives n pixels per
// module instead (a crisp image of variable size). Content that does not fit in
// a QR code is an error.
func QRPNG(content string, size int) ([]byte, error) {
	q, err := newQR(content)
	if err != nil {
		return nil, err
	}
	png, err := q.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("checkin: QR PNG: %w", err)
	}
	return png, nil
}

// QRModules returns the module matrix of the QR code holding content, at the
// same recovery level as QRPNG: QRModules(c)[y][x] is true for a dark module.
// The matrix is square and includes the 4-module quiet zone on every side,
// so a renderer (such as the badge PDF) can draw it as vector squares.
func QRModules(content string) ([][]bool, error) {
	q, err := newQR(content)
	if err != nil {
		return nil, err
	}
	return q.Bitmap(), nil
}

func newQR(content string) (*qrcode.QRCode, error) {
	if content == "" {
		return nil, errEmptyQRContent
	}
	q, err := qrcode.New(content, qrRecovery)
	if err != nil {
		return nil, fmt.Errorf("checkin: QR code for %d bytes: %w", len(content), err)
	}
	return q, nil
}
