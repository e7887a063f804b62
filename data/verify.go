package data

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
)

// The check of an existing event file before bbolt opens it: every page its
// trees reach, read with plain reads (verifier, verifyFile).

// jsonBuckets hold one JSON document per value.
var jsonBuckets = map[string]bool{string(bucketAttendees): true, string(bucketCheckIns): true,
	string(bucketPresence): true, string(bucketKiosks): true, string(bucketIntroductions): true}

// Page layout of bbolt's format version 2 (see checkHeader): a 16-byte
// header (id, flags, count, overflow), then count elements, then keys and
// values. A branch element is pos, ksize (4 bytes each) and a child page
// id (8); a leaf element is flags, pos, ksize, vsize (4 bytes each); pos
// counts from the element itself. A leaf element flagged as a bucket holds
// the bucket's root page id and sequence, and for an inline bucket (root 0)
// a whole leaf page after them.
const (
	branchFlag     = 0x01
	leafFlag       = 0x02
	freelistFlag   = 0x10
	bucketLeafFlag = 0x01
	branchElemSize = 16
	leafElemSize   = 16
	noFreelist     = ^uint64(0)
)

// verifier reads an existing event file page by page with plain reads (no
// memory map) and checks what bbolt assumes without checking: every page a
// tree reaches is below the high water mark, inside the file, of the right
// type, reached once, with its elements inside it and its keys in order;
// and the records of the JSON buckets are shaped like JSON objects. bbolt's own free-page scan,
// run when the file is opened for writing, panics in a goroutine nobody
// can recover from on any of these faults, hence this pass first.
type verifier struct {
	f         *os.File
	path      string
	meta      diskMeta
	size      int64
	reachable map[uint64]bool
}

func (v *verifier) damaged(format string, args ...any) error {
	return &DamagedError{Path: v.path, Problem: fmt.Sprintf(format, args...)}
}

// page reads page id with its overflow pages and checks its header.
func (v *verifier) page(id uint64) ([]byte, error) {
	ps := int64(v.meta.pageSize)
	if id < 2 || id >= v.meta.pgid {
		return nil, v.damaged("a page number (%d) is outside the file's %d pages", id, v.meta.pgid)
	}
	buf := make([]byte, ps)
	if _, err := v.f.ReadAt(buf, int64(id)*ps); err != nil {
		return nil, v.damaged("page %d cannot be read: %v", id, err)
	}
	le := binary.LittleEndian
	overflow := uint64(le.Uint32(buf[12:]))
	if got := le.Uint64(buf); got != id {
		return nil, v.damaged("page %d says it is page %d", id, got)
	}
	if id+overflow >= v.meta.pgid || (int64(id+overflow)+1)*ps > v.size {
		return nil, v.damaged("page %d runs past the end of the file", id)
	}
	for i := id; i <= id+overflow; i++ {
		if v.reachable[i] {
			return nil, v.damaged("page %d is used twice", i)
		}
		v.reachable[i] = true
	}
	if overflow > 0 {
		buf = append(buf, make([]byte, int64(overflow)*ps)...)
		if _, err := v.f.ReadAt(buf[ps:], (int64(id)+1)*ps); err != nil {
			return nil, v.damaged("page %d cannot be read: %v", id, err)
		}
	}
	return buf, nil
}

// elem returns the bytes at pos..pos+n counted from offset off of buf.
func elem(buf []byte, off int, pos, n uint32) ([]byte, bool) {
	start := uint64(off) + uint64(pos)
	end := start + uint64(n)
	if end > uint64(len(buf)) {
		return nil, false
	}
	return buf[start:end], true
}

// tree checks the b-tree rooted at page id (or the inline page buf when id
// is 0) of the bucket named name: keys in [minKey, maxKey), in order. It
// returns the largest key seen.
func (v *verifier) tree(id uint64, buf []byte, name string, minKey, maxKey []byte, depth int) ([]byte, error) {
	if depth > 64 {
		return nil, v.damaged("bucket %q nests or loops too deep", name)
	}
	if id != 0 {
		var err error
		if buf, err = v.page(id); err != nil {
			return nil, err
		}
	}
	if len(buf) < pageHeaderSize {
		return nil, v.damaged("bucket %q has a truncated inline page", name)
	}
	le := binary.LittleEndian
	flags, count := le.Uint16(buf[8:]), int(le.Uint16(buf[10:]))
	isBranch := flags == branchFlag
	if !isBranch && flags != leafFlag || id == 0 && isBranch {
		return nil, v.damaged("page %d of bucket %q has an unknown type (%#x)", id, name, flags)
	}
	size := leafElemSize
	if isBranch {
		size = branchElemSize
	}
	if pageHeaderSize+count*size > len(buf) || isBranch && count == 0 {
		return nil, v.damaged("page %d of bucket %q lists %d entries that do not fit", id, name, count)
	}
	prev, last := minKey, []byte(nil)
	for i := range count {
		off := pageHeaderSize + i*size
		var pos, ksize, vsize, eflags uint32
		if isBranch {
			pos, ksize = le.Uint32(buf[off:]), le.Uint32(buf[off+4:])
		} else {
			eflags, pos, ksize, vsize = le.Uint32(buf[off:]), le.Uint32(buf[off+4:]), le.Uint32(buf[off+8:]), le.Uint32(buf[off+12:])
		}
		kv, ok := elem(buf, off, pos, ksize+vsize)
		if !ok || ksize+vsize < ksize {
			return nil, v.damaged("page %d of bucket %q: entry %d points outside the page", id, name, i)
		}
		key, val := kv[:ksize], kv[ksize:]
		if prev != nil && (bytes.Compare(prev, key) > 0 || i > 0 && bytes.Equal(prev, key)) || maxKey != nil && bytes.Compare(key, maxKey) >= 0 {
			return nil, v.damaged("page %d of bucket %q: keys out of order", id, name)
		}
		if isBranch {
			next := maxKey
			if i+1 < count {
				noff := pageHeaderSize + (i+1)*size
				nk, ok := elem(buf, noff, le.Uint32(buf[noff:]), le.Uint32(buf[noff+4:]))
				if !ok {
					return nil, v.damaged("page %d of bucket %q: entry %d points outside the page", id, name, i+1)
				}
				next = nk
			}
			child := le.Uint64(buf[off+8:])
			sub, err := v.tree(child, nil, name, key, next, depth+1)
			if err != nil {
				return nil, err
			}
			prev, last = sub, sub
			continue
		}
		prev, last = key, key
		if eflags&bucketLeafFlag != 0 {
			if len(val) < 16 {
				return nil, v.damaged("bucket %q: the header of bucket %q is cut", name, key)
			}
			root := le.Uint64(val)
			var inline []byte
			if root == 0 {
				inline = val[16:]
			}
			if _, err := v.tree(root, inline, string(key), nil, nil, depth+1); err != nil {
				return nil, err
			}
			continue
		}
		if jsonBuckets[name] && !jsonShaped(val) {
			return nil, v.damaged("a record of %q is garbled (key %x)", name, key)
		}
	}
	return last, nil
}

// jsonShaped is a cheap check that a record is one JSON object: a full
// json.Valid of every record would double the time Open takes, and a
// record garbled inside only fails its own read later, it never crashes.
func jsonShaped(v []byte) bool {
	return len(v) >= 2 && v[0] == '{' && v[len(v)-1] == '}'
}

// verifyFile checks an existing file's trees (see verifier) and that it is
// an icebreaker file: its root holds the meta bucket.
func verifyFile(path string, m diskMeta, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	v := &verifier{f: f, path: path, meta: m, size: size, reachable: map[uint64]bool{}}
	if m.freelist != noFreelist {
		buf, err := v.page(m.freelist)
		if err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(buf[8:]) != freelistFlag {
			return v.damaged("the free-page list (page %d) is not one", m.freelist)
		}
	}
	root, err := v.page(m.root)
	if err != nil {
		return err
	}
	v.reachable[m.root] = false // tree reads it again
	if _, err := v.tree(m.root, nil, "", nil, nil, 0); err != nil {
		return err
	}
	if !hasKey(root, bucketMeta) && binary.LittleEndian.Uint16(root[8:]) == leafFlag {
		return &DamagedError{Path: path, Problem: "it is a bbolt database but not an icebreaker event file (no meta bucket); check the --db path"}
	}
	return nil
}

// hasKey reports whether leaf page buf holds key.
func hasKey(buf, key []byte) bool {
	le := binary.LittleEndian
	count := int(le.Uint16(buf[10:]))
	for i := range count {
		off := pageHeaderSize + i*leafElemSize
		if k, ok := elem(buf, off, le.Uint32(buf[off+4:]), le.Uint32(buf[off+8:])); ok && bytes.Equal(k, key) {
			return true
		}
	}
	return false
}
