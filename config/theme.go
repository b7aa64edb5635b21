package config

import "fmt"

// EnvTheme overrides the file's theme for one session: ZDOPS_THEME=light zdops.
const EnvTheme = "ZDOPS_THEME"

// Themes a config or ZDOPS_THEME may name. Terminals that do not answer the background
// colour query (tmux before 3.4, many ssh sessions, some Windows terminals) are taken for
// dark, so an operator on a light one needs a way to say so.
var Themes = []string{"auto", "light", "dark"}

// CheckTheme reports a theme name zdops does not know; "" means auto.
func CheckTheme(name string) error {
	if name == "" {
		return nil
	}
	for _, t := range Themes {
		if name == t {
			return nil
		}
	}
	return fmt.Errorf("%s is not one of auto, light, dark", quoteShort(name))
}

// ResolveTheme picks the session's theme: ZDOPS_THEME when set, else the file's.
func ResolveTheme(f *File, getenv func(string) string) (string, error) {
	if v := getenv(EnvTheme); v != "" {
		if err := CheckTheme(v); err != nil {
			return "", &Error{Key: EnvTheme, Msg: err.Error(), Hint: "set ZDOPS_THEME=light or ZDOPS_THEME=dark, or unset it", Kind: ErrInvalid}
		}
		return v, nil
	}
	if f.Theme == "" {
		return "auto", nil
	}
	return f.Theme, nil
}
