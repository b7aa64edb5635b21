package zendesk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// JobStatus is a background job Zendesk runs for a bulk call. A completed job can still hold
// failed items: read every result.
type JobStatus struct {
	ID       string     `json:"id"`
	URL      string     `json:"url"`
	JobType  string     `json:"job_type"`
	Status   string     `json:"status"` // queued, working, completed, failed, killed
	Total    int        `json:"total"`
	Progress int        `json:"progress"`
	Message  string     `json:"message"`
	Results  JobResults `json:"results"`
}

// Done reports whether the job has stopped: completed, failed or killed.
func (j JobStatus) Done() bool {
	switch j.Status {
	case "completed", "failed", "killed":
		return true
	}
	return false
}

// JobResult is the outcome of one item of a job.
type JobResult struct {
	Index   int    `json:"index"`
	ID      int64  `json:"id"`
	Action  string `json:"action"`
	Status  string `json:"status"`
	Success *bool  `json:"success"`
	Error   string `json:"error"`
	Details string `json:"-"` // Zendesk sends a string or an object; kept as text
}

// Failed reports whether Zendesk says the item did not go through.
func (r JobResult) Failed() bool { return r.Error != "" || (r.Success != nil && !*r.Success) }

// Reason is why the item failed, in Zendesk's words.
func (r JobResult) Reason() string {
	switch {
	case r.Error != "" && r.Details != "":
		return r.Error + ": " + r.Details
	case r.Error != "":
		return r.Error
	case r.Details != "":
		return r.Details
	}
	return "failed"
}

func (r *JobResult) UnmarshalJSON(b []byte) error {
	type plain JobResult
	var aux struct {
		plain
		Details json.RawMessage `json:"details"`
		Errors  json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = JobResult(aux.plain)
	r.Details = rawText(aux.Details)
	if r.Details == "" {
		r.Details = rawText(aux.Errors)
	}
	return nil
}

// rawText renders a JSON string as itself and anything else as compact JSON.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// JobResults are a job's per-item outcomes. Zendesk sends a list, or for some jobs (permanent
// deletion) a single {"success":true} object, which reads as one item.
type JobResults []JobResult

func (rs *JobResults) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*rs = nil
		return nil
	case b[0] == '{':
		var one JobResult
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*rs = JobResults{one}
		return nil
	}
	var list []JobResult
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*rs = list
	return nil
}

// JobsService polls background jobs.
type JobsService struct{ c *Client }

// Get reads one job's status.
func (s *JobsService) Get(ctx context.Context, id string) (JobStatus, error) {
	return getRecord[JobStatus](ctx, s.c, "job_statuses/"+url.PathEscape(id), "job_status")
}

// ShowMany reads several jobs' statuses in one request per 100 ids, so a runner with many jobs
// in flight polls them all at once.
func (s *JobsService) ShowMany(ctx context.Context, ids []string) ([]JobStatus, error) {
	out := make([]JobStatus, 0, len(ids))
	for start := 0; start < len(ids); start += ShowManyLimit {
		batch := ids[start:min(start+ShowManyLimit, len(ids))]
		var page struct {
			JobStatuses []JobStatus `json:"job_statuses"`
		}
		if err := s.c.get(ctx, "job_statuses/show_many", url.Values{"ids": {strings.Join(batch, ",")}}, &page); err != nil {
			return out, fmt.Errorf("poll %d jobs: %w", len(batch), err)
		}
		out = append(out, page.JobStatuses...)
	}
	return out, nil
}

// jobAnswer is the body of every bulk call.
type jobAnswer struct {
	JobStatus JobStatus `json:"job_status"`
}
