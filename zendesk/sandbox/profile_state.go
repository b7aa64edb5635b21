package sandbox

// profileMutations is what writes to customer profiles changed: values of
// custom user and organization fields, organizations' domain lists, deleted
// organizations and tracked events. Each map holds entries only for the
// records that were written, so a seeded account of 100,000 users pays
// nothing for them.
type profileMutations struct {
	userVals    map[int32]map[string]string // user index -> field key -> JSON literal
	orgVals     map[int32]map[string]string // organization index -> field key -> JSON literal
	orgDomains  map[int32][]string          // domain_names replaced by writes
	deletedOrgs map[int32]bool              // organizations deleted by DELETE /organizations/{id}

	events   map[int32][]userEvent // per user, oldest first (user_events.go)
	eventSeq int64
}
