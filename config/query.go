package config

import (
	"net/url"
	"strconv"
	"strings"
)

// QueryArgs turns a URL query ("?a=1&b", with or without the "?") into
// flags. A key without "=" is a flag without a value, as ?help or ?json;
// "+" and %XX are decoded as in any query.
func QueryArgs(search string) ([]string, error) {
	var args []string
	for part := range strings.SplitSeq(strings.TrimPrefix(search, "?"), "&") {
		if part == "" {
			continue // "?", "a=1&&b=2", a trailing "&"
		}
		rawKey, rawValue, hasValue := strings.Cut(part, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, errorf("URL query: cannot read %s: %v", strconv.QuoteToGraphic(part), err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, errorf("URL query: cannot read %s: %v", strconv.QuoteToGraphic(part), err)
		}
		key = strings.TrimLeft(key, "-") // ?-grid=5 is -grid=5 too
		if key == "" {
			return nil, errorf("URL query: %s: want a flag name before the =, such as grid=256x256", strconv.QuoteToGraphic(part))
		}
		if hasValue {
			args = append(args, "-"+key+"="+value)
		} else {
			args = append(args, "-"+key)
		}
	}
	return args, nil
}
