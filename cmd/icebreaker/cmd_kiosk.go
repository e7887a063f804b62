package main

import (
	"flag"
	"fmt"
	"io"

	"icebreaker/checkin"
	"icebreaker/data"
)

func init() {
	commands["kiosk"] = command{summary: "manage door kiosk keys (kiosk add --db FILE --name NAME)", run: runKiosk}
}

func runKiosk(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: icebreaker kiosk add --db FILE --name NAME")
		return 2
	}
	fs := flag.NewFlagSet("kiosk add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "event file")
	name := fs.String("name", "", "a name for the device, e.g. \"porte nord\"")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *db == "" || *name == "" {
		fmt.Fprintln(stderr, "kiosk add: --db and --name are required")
		return 2
	}
	store, err := openStore(*db)
	if err != nil {
		fmt.Fprintln(stderr, "kiosk add:", err)
		return 1
	}
	defer store.Close()
	key, err := addKiosk(store, *name)
	if err != nil {
		fmt.Fprintln(stderr, "kiosk add:", err)
		return 1
	}
	fmt.Fprintf(stdout, "kiosk %q added. Its key (shown once, keep it secret):\n%s\n", *name, key)
	fmt.Fprintf(stdout, "Open the door page at http://HOST:PORT/kiosk#key=%s\n", key)
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
