package zendesk

// WithoutPacing turns the client's rate gate off, for the tests that show what pacing
// prevents and the ones that need Zendesk's own 429 answers.
func WithoutPacing(c *Client) { c.gate = nil }
