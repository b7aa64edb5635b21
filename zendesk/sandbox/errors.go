package sandbox

import "net/http"

// apiError is an error answer in one of Zendesk's shapes. Most are
// {"error": code, "description": text}; OAuth failures use
// "error_description", and a basic-auth failure has no description at all.
type apiError struct {
	status   int
	code     string
	descKey  string // "" for no description
	desc     string
	maxCount int // TooManyValues carries max_count
}

func (e *apiError) write(w *jw) {
	w.obj()
	w.ks("error", e.code)
	if e.descKey != "" {
		w.ks(e.descKey, e.desc)
	}
	if e.maxCount > 0 {
		w.ki("max_count", int64(e.maxCount))
	}
	w.endObj()
}

func errRecordNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: "RecordNotFound", descKey: "description", desc: "Not found"}
}

func errInvalidEndpoint() *apiError {
	return &apiError{status: http.StatusNotFound, code: "InvalidEndpoint", descKey: "description", desc: "Not found"}
}

func errTooManyValues(param string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "TooManyValues", descKey: "description",
		desc: "Parameter " + param + " cannot specify more than 100 values", maxCount: maxPageSize}
}

func errPagination(desc string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "InvalidPaginationParameter", descKey: "description", desc: desc}
}

func errParameter(desc string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "InvalidParameter", descKey: "description", desc: desc}
}

// errSearchLimit is Zendesk's answer to a search page past the first 1,000 results.
func errSearchLimit() *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: "invalid", descKey: "description",
		desc: "Invalid search: Requested response size was greater than Search Response Limits"}
}

func errAuthentication() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "Couldn't authenticate you"}
}

func errInvalidToken() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "invalid_token", descKey: "error_description",
		desc: "The access token provided is expired, revoked, malformed or invalid for other reasons."}
}

func errRateLimited() *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: "APIRateLimitExceeded", descKey: "description",
		desc: "Number of allowed API requests per minute exceeded"}
}
