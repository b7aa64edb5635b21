package zendesk

import (
	"encoding/json"
	"testing"
)

func TestJobResultsShapes(t *testing.T) {
	body := `{"job_status":{"id":"V3-abc","status":"completed","total":3,"progress":3,"message":"Completed at 2023-09-18 23:24:43 +0000","results":[
		{"id":3862,"action":"update","status":"Updated","success":true},
		{"index":1,"id":6164110666394,"error":"OrganizationUpdateFailed","details":"Name: has already been taken"},
		{"index":2,"id":9,"success":false,"details":{"base":["closed"]}}]}}`
	var out jobAnswer
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	j := out.JobStatus
	if !j.Done() || len(j.Results) != 3 {
		t.Fatalf("job %+v", j)
	}
	if j.Results[0].Failed() || !j.Results[1].Failed() || !j.Results[2].Failed() {
		t.Fatalf("failure detection: %+v", j.Results)
	}
	if got := j.Results[1].Reason(); got != "OrganizationUpdateFailed: Name: has already been taken" {
		t.Fatalf("reason %q", got)
	}
	if got := j.Results[2].Reason(); got != `{"base":["closed"]}` {
		t.Fatalf("object details %q", got)
	}
	var single struct {
		JobStatus JobStatus `json:"job_status"`
	}
	if err := json.Unmarshal([]byte(`{"job_status":{"status":"completed","total":null,"results":{"success":true}}}`), &single); err != nil {
		t.Fatal(err)
	}
	if len(single.JobStatus.Results) != 1 || single.JobStatus.Results[0].Failed() {
		t.Fatalf("object results: %+v", single.JobStatus.Results)
	}
	var queued jobAnswer
	if err := json.Unmarshal([]byte(`{"job_status":{"status":"queued","progress":null,"results":null}}`), &queued); err != nil || queued.JobStatus.Done() {
		t.Fatalf("queued job: %v %+v", err, queued)
	}
}

func TestTicketUpdateSendsOnlySetFieldsAndNulls(t *testing.T) {
	cases := []struct {
		u    TicketUpdate
		want string
	}{
		{TicketUpdate{Priority: Ptr("urgent")}, `{"priority":"urgent"}`},
		{TicketUpdate{Priority: Ptr("")}, `{"priority":null}`},
		{TicketUpdate{ID: 7, AssigneeID: Ptr[int64](0), GroupID: Ptr[int64](42)}, `{"assignee_id":null,"group_id":42,"id":7}`},
		{TicketUpdate{Status: Ptr("solved"), AdditionalTags: []string{"x"}}, `{"additional_tags":["x"],"status":"solved"}`},
		{TicketUpdate{}, `{}`},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.u)
		if err != nil || string(b) != tc.want {
			t.Errorf("%+v: %s %v, want %s", tc.u, b, err, tc.want)
		}
	}
	if _, err := idsQuery(make([]int64, 101)); err == nil {
		t.Fatal("101 ids accepted")
	}
	if _, err := idsQuery(nil); err == nil {
		t.Fatal("no ids accepted")
	}
}
