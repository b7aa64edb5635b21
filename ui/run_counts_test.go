package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A run's progress counts the planned writes from its first frame. It used to say "0 of 0
// done" until the runner's first event, which a slow Zendesk delays by seconds (the runner
// reads the tickets again before it writes).
func TestRunCountsPlannedWritesFromTheStart(t *testing.T) {
	a := newActionAccount(t)
	d := newDriver(t, newActionModel(t, a, nil), 120, 34)
	uid, _ := a.srv.SampleUser("end-user")
	want := 0
	for _, id := range requestedTickets(t, a, uid) {
		if st, _ := a.srv.Ticket(id); st.Status != "closed" && st.Priority != "low" {
			want++
		}
	}
	if want == 0 {
		t.Fatal("the sample user has no ticket whose priority can change")
	}
	d.openUser(uid)
	d.key("a")
	d.pickAction("Set priority")
	d.chooseValue("low")
	run := d.update(keyMsg("y")) // the run starts; nothing of it has been heard yet
	f := ansi.Strip(d.view())
	if counts := fmt.Sprintf("0 of %d done", want); !strings.Contains(f, counts) {
		t.Errorf("the run's first frame does not say %q:\n%s", counts, f)
	}
	d.run(run)
	if counts := fmt.Sprintf("%d of %d done", want, want); !strings.Contains(ansi.Strip(d.view()), counts) {
		t.Errorf("the finished run does not say %q:\n%s", counts, ansi.Strip(d.view()))
	}
}
