// Package config loads zdops's TOML configuration: named Zendesk profiles,
// the ZENDESK_* environment overrides, key rebindings, the settings of the
// event-apply command, and the XDG locations of the config file and state.
//
// Only main reads this package, and it imports no other zdops package: it
// turns a file plus an environment into a [Resolved] account that main hands
// to the client, or reports that nothing is configured so main can start the
// embedded sandbox.
//
// Everything here treats tokens as secrets. A token literal in the file is
// refused unless only its owner can read the file (as ssh does with keys), and
// no error, String or log value of this package ever contains a token: errors
// name keys, profiles and environment variables, never token values.
package config
