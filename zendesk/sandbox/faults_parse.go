package sandbox

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FaultsSyntax describes the spec ParseFaults reads, for usage messages.
const FaultsSyntax = "comma-separated key=value: latency, jitter, retryafter (durations such as 50ms); " +
	"5xx, 429, reset, jobfail, itemfail (probabilities from 0 to 1); seed (an integer). " +
	`Example: "latency=50ms,jitter=30ms,5xx=0.1,429=0.05,reset=0.02,jobfail=0.05,itemfail=0.01"`

// ParseFaults reads a spec such as
// "latency=50ms,jitter=30ms,5xx=0.1,429=0.05,reset=0.02,jobfail=0.05,itemfail=0.01".
// An empty spec injects nothing. An unknown key, a key given twice, a value
// that does not parse, a probability outside [0, 1] or a negative duration is
// an error that names the key and the form it takes.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	seen := map[string]bool{}
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || key == "" {
			return Faults{}, fmt.Errorf("faults: %q is not key=value (%s)", item, FaultsSyntax)
		}
		if seen[key] {
			return Faults{}, fmt.Errorf("faults: %s is given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "latency":
			f.Latency, err = parseFaultDuration(key, value)
		case "jitter":
			f.Jitter, err = parseFaultDuration(key, value)
		case "retryafter":
			f.RetryAfter, err = parseFaultDuration(key, value)
		case "5xx":
			f.ServerError, err = parseProbability(key, value)
		case "429":
			f.RateLimit, err = parseProbability(key, value)
		case "reset":
			f.Reset, err = parseProbability(key, value)
		case "jobfail":
			f.JobFail, err = parseProbability(key, value)
		case "itemfail":
			f.ItemFail, err = parseProbability(key, value)
		case "seed":
			f.Seed, err = strconv.ParseInt(value, 10, 64)
			if err != nil {
				err = fmt.Errorf("faults: seed=%q is not an integer (e.g. seed=42)", value)
			}
		default:
			err = fmt.Errorf("faults: unknown key %q (%s)", key, FaultsSyntax)
		}
		if err != nil {
			return Faults{}, err
		}
	}
	if err := f.validate(); err != nil {
		return Faults{}, err
	}
	return f, nil
}

func parseFaultDuration(key, value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	if err != nil {
		return 0, fmt.Errorf("faults: %s=%q is not a duration (e.g. %s=50ms)", key, value, key)
	}
	if d < 0 {
		return 0, fmt.Errorf("faults: %s=%s is negative; give a duration of 0 or more (e.g. %s=50ms)", key, value, key)
	}
	return d, nil
}

func parseProbability(key, value string) (float64, error) {
	p, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(p) || p < 0 || p > 1 {
		return 0, fmt.Errorf("faults: %s=%q is not a probability from 0 to 1 (e.g. %s=0.05)", key, value, key)
	}
	return p, nil
}

// String renders f as a spec ParseFaults reads back.
func (f Faults) String() string {
	var parts []string
	dur := func(k string, d time.Duration) {
		if d > 0 {
			parts = append(parts, k+"="+d.String())
		}
	}
	prob := func(k string, p float64) {
		if p > 0 {
			parts = append(parts, k+"="+strconv.FormatFloat(p, 'g', -1, 64))
		}
	}
	dur("latency", f.Latency)
	dur("jitter", f.Jitter)
	prob("5xx", f.ServerError)
	prob("429", f.RateLimit)
	prob("reset", f.Reset)
	prob("jobfail", f.JobFail)
	prob("itemfail", f.ItemFail)
	dur("retryafter", f.RetryAfter)
	if f.Seed != 0 {
		parts = append(parts, "seed="+strconv.FormatInt(f.Seed, 10))
	}
	return strings.Join(parts, ",")
}
