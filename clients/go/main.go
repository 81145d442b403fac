// One client scenario against the netattach emulator, run by clients/run.js:
//
//	clients -scenario ../scenario.json -client tencentcloud-sdk-go -mode TC3-POST -endpoint 127.0.0.1:PORT [-scheme https -ca cert.pem]
//
// Credentials come from the environment lines the emulator prints (TENCENTCLOUD_SECRET_ID …,
// ALICLOUD_ACCESS_KEY …). It prints one JSON line: {"ok":true,"calls":N} or {"ok":false,"error":…}.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

type options struct {
	client, mode, endpoint, scheme, ca string
	fixture                            fixture
}

type fixture struct {
	Tencent struct {
		Region, VpcId, VpcCidr, BasicInstanceId, VpcInstanceId, EniId, Zone string
	} `json:"tencentcloud"`
	Alibaba struct {
		Region, VpcId, VpcCidr, ClassicInstanceId, VpcInstanceId, EniId, Zone string
	} `json:"alicloud"`
}

func main() {
	var o options
	scenario := flag.String("scenario", "../scenario.json", "the shared scenario file")
	flag.StringVar(&o.client, "client", "", "tencentcloud-sdk-go or alibabacloud-go")
	flag.StringVar(&o.mode, "mode", "", "signature mode and HTTP method")
	flag.StringVar(&o.endpoint, "endpoint", "", "host:port of the emulator")
	flag.StringVar(&o.scheme, "scheme", "http", "http or https")
	flag.StringVar(&o.ca, "ca", "", "PEM file to trust (https)")
	flag.Parse()
	text, err := os.ReadFile(*scenario)
	if err == nil {
		err = json.Unmarshal(text, &o.fixture)
	}
	calls := 0
	if err == nil {
		switch o.client {
		case "tencentcloud-sdk-go":
			calls, err = runTencent(o)
		case "alibabacloud-go":
			calls, err = runAlibaba(o)
		default:
			err = fmt.Errorf("unknown client %q", o.client)
		}
	}
	if err != nil {
		out, _ := json.Marshal(map[string]any{"ok": false, "error": err.Error(), "calls": calls})
		fmt.Println(string(out))
		os.Exit(1)
	}
	out, _ := json.Marshal(map[string]any{"ok": true, "calls": calls})
	fmt.Println(string(out))
}
