package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// asMap turns any answer (a typed SDK struct or a decoded JSON map) into the wire JSON's map form,
// so the checks read the field names the documentation uses.
func asMap(v any) (map[string]any, error) {
	text, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	err = json.Unmarshal(text, &m)
	return m, err
}

func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// expectKeys: the object has at least these fields (documented shapes may grow optional ones).
func expectKeys(what string, m map[string]any, keys ...string) error {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return fmt.Errorf("%s: no field %s (has %v)", what, k, keysOf(m))
		}
	}
	return nil
}

func expectExactKeys(what string, m map[string]any, keys ...string) error {
	sort.Strings(keys)
	if got := keysOf(m); !reflect.DeepEqual(got, keys) {
		return fmt.Errorf("%s: fields %v, expected %v", what, got, keys)
	}
	return nil
}

func expectEqual(what string, got, want any) error {
	// JSON numbers decode as float64; compare through their JSON text.
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		return fmt.Errorf("%s: %s, expected %s", what, g, w)
	}
	return nil
}

func expectRequestId(what string, v any) error {
	s, _ := v.(string)
	if !uuidPattern.MatchString(s) {
		return fmt.Errorf("%s: RequestId %q is not a UUID", what, s)
	}
	return nil
}

func field(m map[string]any, path ...any) any {
	var cur any = m
	for _, p := range path {
		switch key := p.(type) {
		case string:
			obj, ok := cur.(map[string]any)
			if !ok {
				return nil
			}
			cur = obj[key]
		case int:
			arr, ok := cur.([]any)
			if !ok || key >= len(arr) {
				return nil
			}
			cur = arr[key]
		}
	}
	return cur
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// pollUntilLeaves calls read until the status it reports leaves `transitional`, which must be the
// first status seen (so the scenario really polled); it returns the last item read.
func pollUntilLeaves(what, transitional string, read func() (string, map[string]any, error)) (map[string]any, error) {
	seen := []string{}
	for i := 0; i < 20; i++ {
		status, item, err := read()
		if err != nil {
			return nil, err
		}
		seen = append(seen, status)
		if status != transitional {
			if seen[0] != transitional {
				return nil, fmt.Errorf("%s: statuses %v, expected %s first", what, seen, transitional)
			}
			return item, nil
		}
	}
	return nil, fmt.Errorf("%s: still %v after 20 polls", what, seen)
}
