package sandbox

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestStartRefusesNonLoopback(t *testing.T) {
	s := shared(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.10:0", "example.com:0", "[::]:0", "127.0.0.1"} {
		if r, err := Start(s, addr); err == nil {
			r.Close()
			t.Errorf("Start(%q) succeeded", addr)
		}
	}
}

func TestStartServes(t *testing.T) {
	s := shared(t)
	for _, addr := range []string{"", "localhost:0"} {
		r, err := Start(s, addr)
		if err != nil {
			t.Fatalf("Start(%q): %v", addr, err)
		}
		if addr == "" && !strings.HasPrefix(r.URL, "http://127.0.0.1:") {
			t.Errorf("URL %q", r.URL)
		}
		email, token, _ := s.Credentials()
		req, _ := http.NewRequest(http.MethodGet, r.URL+"/api/v2/users/me.json", nil)
		req.SetBasicAuth(email+"/token", token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"url":"`+r.URL+`/api/v2/users/`) {
			t.Fatalf("%s: %d %.200s", r.URL, resp.StatusCode, body)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := http.Get(r.URL + "/api/v2/users/me"); err == nil {
			t.Fatal("still serving after Close")
		}
	}
}
