package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"icebreaker/checkin"
	"icebreaker/data"
)

const kioskUsage = `usage: icebreaker kiosk add --db FILE --name NAME      prints a new kiosk key
       icebreaker kiosk list --db FILE                  lists the kiosks
       icebreaker kiosk revoke --db FILE --name NAME|--id ID   refuses the kiosk's key from now on`

func runKiosk(s *session, c *cli, args []string) int {
	stdout, stderr := s.stdout, s.stderr
	if len(args) == 0 {
		fmt.Fprintln(stderr, kioskUsage)
		return 2
	}
	c.name += " " + args[0] // "kiosk add: ..."
	fs := c.flags
	fs.Usage = func() { fmt.Fprintln(stderr, kioskUsage); fs.PrintDefaults() }
	name := fs.String("name", "", "the device's name, e.g. \"porte nord\"")
	id := fs.Uint64("id", 0, "the device's id (from kiosk list)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *c.db == "" {
		return c.misuse("--db FILE is required")
	}
	var run func(*data.Store) error
	switch args[0] {
	case "add":
		if *name == "" {
			return c.misuse("--name is required")
		}
		run = func(store *data.Store) error {
			key, err := addKiosk(store, *name)
			if err == nil {
				fmt.Fprintf(stdout, "kiosk %q added. Its key (shown once, keep it secret):\n%s\n", *name, key)
				base := "http://HOST:PORT"
				store.View(func(tx *data.Tx) error {
					if set, err := tx.Settings(); err == nil && set.PublicURL != "" {
						base = set.PublicURL
					}
					return nil
				})
				fmt.Fprintf(stdout, "Open the door page at %s/kiosk#key=%s&gate=main\n", base, key)
			}
			return err
		}
	case "list":
		run = func(store *data.Store) error { return listKiosks(store, stdout) }
	case "revoke":
		if (*name == "") == (*id == 0) {
			return c.misuse("give --name or --id")
		}
		run = func(store *data.Store) error {
			k, err := revokeKiosk(store, *name, *id)
			if err == nil {
				fmt.Fprintf(stdout, "kiosk %q (id %d) revoked: its key is refused from now on\n", k.Name, k.ID)
			}
			return err
		}
	default:
		fmt.Fprintln(stderr, kioskUsage)
		return 2
	}
	ev, err := s.openEvent(*c.db, false)
	if err != nil {
		return c.fail(err)
	}
	defer ev.Close()
	if err := run(ev.Store); err != nil {
		return c.fail(err)
	}
	return 0
}

// addKiosk registers a kiosk device and returns its new key.
func addKiosk(store *data.Store, name string) (string, error) {
	key, err := checkin.NewSecret()
	if err != nil {
		return "", err
	}
	err = store.Update(func(tx *data.Tx) error { return tx.PutKiosk(&data.Kiosk{Name: name}, key) })
	return key, err
}

func listKiosks(store *data.Store, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tSTATE")
	err := store.View(func(tx *data.Tx) error {
		return tx.ForEachKiosk(func(k data.Kiosk) error {
			state := "active"
			if k.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", k.ID, k.Name, k.Created.Local().Format("2006-01-02 15:04"), state)
			return nil
		})
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// revokeKiosk marks the kiosk with that id, or else that name, revoked. A
// name shared by several active kiosks is an error: revoke by id.
func revokeKiosk(store *data.Store, name string, id uint64) (data.Kiosk, error) {
	var found data.Kiosk
	err := store.Update(func(tx *data.Tx) error {
		var matches []data.Kiosk
		err := tx.ForEachKiosk(func(k data.Kiosk) error {
			if (id != 0 && k.ID == id) || (id == 0 && k.Name == name && !k.Revoked) {
				matches = append(matches, k)
			}
			return nil
		})
		switch {
		case err != nil:
			return err
		case len(matches) == 0:
			what := "named " + strconv.Quote(name)
			if id != 0 {
				what = "with id " + strconv.FormatUint(id, 10)
			}
			return fmt.Errorf("no active kiosk %s (see kiosk list)", what)
		case len(matches) > 1:
			return fmt.Errorf("%d kiosks are named %q: revoke by --id (see kiosk list)", len(matches), name)
		}
		found = matches[0]
		found.Revoked = true
		return tx.PutKiosk(&found, "")
	})
	return found, err
}
