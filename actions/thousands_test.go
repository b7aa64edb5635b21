package actions

import "testing"

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1200: "1,200", 4312: "4,312",
		100000: "100,000", 1234567: "1,234,567", -1200: "-1,200", -999: "-999", -100000: "-100,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := plural(1410, "ticket"); got != "1,410 tickets" {
		t.Errorf("plural(1410) = %q", got)
	}
}
