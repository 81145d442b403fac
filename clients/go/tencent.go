package main

// tencentcloud-sdk-go: its common module signs (TC3-HMAC-SHA256, or v1 HmacSHA1/HmacSHA256) and
// sends. The generated vpc/cvm packages are not served by the module proxy this project can reach,
// so the request type below is declared the way those packages declare theirs (an embedded
// *tchttp.BaseRequest, fields tagged `json` for TC3 bodies and `name` for the flattened v1/GET
// parameters): common's own code builds, flattens and signs it as it would a generated request.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

type tcFilter struct {
	Name   *string   `json:"Name,omitempty" name:"Name"`
	Values []*string `json:"Values,omitempty" name:"Values"`
}

type tcRequest struct {
	*tchttp.BaseRequest
	VpcId               *string     `json:"VpcId,omitempty" name:"VpcId"`
	VpcIds              []*string   `json:"VpcIds,omitempty" name:"VpcIds"`
	InstanceId          *string     `json:"InstanceId,omitempty" name:"InstanceId"`
	InstanceIds         []*string   `json:"InstanceIds,omitempty" name:"InstanceIds"`
	TaskId              *string     `json:"TaskId,omitempty" name:"TaskId"`
	NetworkInterfaceId  *string     `json:"NetworkInterfaceId,omitempty" name:"NetworkInterfaceId"`
	NetworkInterfaceIds []*string   `json:"NetworkInterfaceIds,omitempty" name:"NetworkInterfaceIds"`
	Filters             []*tcFilter `json:"Filters,omitempty" name:"Filters"`
}

type tcResponse struct {
	*tchttp.BaseResponse
	Response map[string]any `json:"Response"`
}

type tencent struct {
	client *common.Client
	calls  int
}

func (t *tencent) call(service, action string, req *tcRequest) (map[string]any, error) {
	req.BaseRequest = &tchttp.BaseRequest{}
	req.Init().WithApiInfo(service, "2017-03-12", action)
	resp := &tcResponse{BaseResponse: &tchttp.BaseResponse{}}
	t.calls++
	if err := t.client.Send(req, resp); err != nil {
		return nil, err
	}
	if err := expectRequestId(action, resp.Response["RequestId"]); err != nil {
		return nil, err
	}
	return resp.Response, nil
}

func tencentClient(o options, secretKey string) (*common.Client, error) {
	cred := common.NewCredential(os.Getenv("TENCENTCLOUD_SECRET_ID"), secretKey)
	cp := profile.NewClientProfile()
	// mode: <TC3|HmacSHA1|HmacSHA256>-<GET|POST>[-UNSIGNED] (UNSIGNED: TC3 with UnsignedPayload)
	parts := strings.Split(o.mode, "-")
	cp.SignMethod = parts[0]
	if parts[0] == "TC3" {
		cp.SignMethod = "TC3-HMAC-SHA256"
	}
	cp.HttpProfile.ReqMethod = parts[1]
	cp.UnsignedPayload = len(parts) > 2 && parts[2] == "UNSIGNED"
	cp.HttpProfile.Endpoint = o.endpoint
	cp.HttpProfile.Scheme = strings.ToUpper(o.scheme)
	cp.NetworkFailureMaxRetries = 0
	client := common.NewCommonClient(cred, o.fixture.Tencent.Region, cp)
	if o.ca != "" {
		pem, err := os.ReadFile(o.ca)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		client.WithHttpTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	}
	return client, nil
}

func s(v string) *string { return &v }

func runTencent(o options) (int, error) {
	f := o.fixture.Tencent
	client, err := tencentClient(o, os.Getenv("TENCENTCLOUD_SECRET_KEY"))
	if err != nil {
		return 0, err
	}
	t := &tencent{client: client}
	err = tencentScenario(t, f.VpcId, f.VpcCidr, f.BasicInstanceId, f.VpcInstanceId, f.EniId)
	if err == nil {
		err = tencentErrors(o, t)
	}
	return t.calls, err
}

func tencentScenario(t *tencent, vpcId, cidr, basic, vpcInstance, eni string) error {
	vpcs, err := t.call("vpc", "DescribeVpcs", &tcRequest{VpcIds: []*string{s(vpcId)}})
	if err != nil {
		return err
	}
	vpc, _ := field(vpcs, "VpcSet", 0).(map[string]any)
	if err := firstErr(
		expectExactKeys("DescribeVpcs", vpcs, "RequestId", "TotalCount", "VpcSet"),
		expectEqual("DescribeVpcs TotalCount", vpcs["TotalCount"], 1),
		expectKeys("VpcSet[0]", vpc, "VpcId", "VpcName", "CidrBlock", "IsDefault", "CreatedTime"),
		expectEqual("VpcSet[0].VpcId", field(vpc, "VpcId"), vpcId),
		expectEqual("VpcSet[0].CidrBlock", field(vpc, "CidrBlock"), cidr),
	); err != nil {
		return err
	}
	instances, err := t.call("cvm", "DescribeInstances", &tcRequest{InstanceIds: []*string{s(basic)}})
	if err != nil {
		return err
	}
	if err := firstErr(
		expectKeys("DescribeInstances", instances, "RequestId", "TotalCount", "InstanceSet"),
		expectEqual("InstanceSet[0].InstanceId", field(instances, "InstanceSet", 0, "InstanceId"), basic),
		expectEqual("InstanceSet[0].InstanceState", field(instances, "InstanceSet", 0, "InstanceState"), "RUNNING"),
		expectEqual("InstanceSet[0].VirtualPrivateCloud.VpcId", field(instances, "InstanceSet", 0, "VirtualPrivateCloud", "VpcId"), ""),
	); err != nil {
		return err
	}

	// ClassicLink: attach, poll the task until SUCCESS, see the link, detach, poll, see it gone.
	link := &tcRequest{VpcId: s(vpcId), InstanceIds: []*string{s(basic)}}
	attached, err := t.call("vpc", "AttachClassicLinkVpc", link)
	if err != nil {
		return err
	}
	if err := firstErr(expectExactKeys("AttachClassicLinkVpc", attached, "RequestId"), t.waitTask(attached["RequestId"].(string))); err != nil {
		return err
	}
	if err := t.expectLinks(vpcId, basic); err != nil {
		return err
	}
	detached, err := t.call("vpc", "DetachClassicLinkVpc", &tcRequest{VpcId: s(vpcId), InstanceIds: []*string{s(basic)}})
	if err != nil {
		return err
	}
	if err := firstErr(expectExactKeys("DetachClassicLinkVpc", detached, "RequestId"), t.waitTask(detached["RequestId"].(string))); err != nil {
		return err
	}
	if err := t.expectLinks(vpcId); err != nil {
		return err
	}

	// ENI: attach, poll its state until attached (ATTACHING seen first), detach, poll until free.
	if _, err := t.call("vpc", "AttachNetworkInterface", &tcRequest{NetworkInterfaceId: s(eni), InstanceId: s(vpcInstance)}); err != nil {
		return err
	}
	settled, err := t.waitEni(eni, "ATTACHING")
	if err != nil {
		return err
	}
	attachment, _ := settled["Attachment"].(map[string]any)
	if err := firstErr(
		expectKeys("NetworkInterfaceSet[0]", settled, "NetworkInterfaceId", "VpcId", "SubnetId", "State", "Primary", "MacAddress", "PrivateIpAddressSet", "Attachment", "Zone", "CreatedTime"),
		expectEqual("State", settled["State"], "AVAILABLE"),
		expectEqual("Primary", settled["Primary"], false),
		expectKeys("Attachment", attachment, "InstanceId", "DeviceIndex", "InstanceAccountId", "AttachTime"),
		expectEqual("Attachment.InstanceId", field(attachment, "InstanceId"), vpcInstance),
		expectEqual("Attachment.DeviceIndex", field(attachment, "DeviceIndex"), 1),
	); err != nil {
		return err
	}
	if _, err := t.call("vpc", "DetachNetworkInterface", &tcRequest{NetworkInterfaceId: s(eni), InstanceId: s(vpcInstance)}); err != nil {
		return err
	}
	freed, err := t.waitEni(eni, "DETACHING")
	if err != nil {
		return err
	}
	return firstErr(expectEqual("State", freed["State"], "AVAILABLE"), expectEqual("Attachment", freed["Attachment"], nil))
}

func (t *tencent) waitTask(taskId string) error {
	result, err := pollUntilLeaves("task "+taskId, "RUNNING", func() (string, map[string]any, error) {
		result, err := t.call("vpc", "DescribeVpcTaskResult", &tcRequest{TaskId: s(taskId)})
		if err == nil {
			err = expectKeys("DescribeVpcTaskResult", result, "Status", "Output", "RequestId")
		}
		status, _ := result["Status"].(string)
		return status, result, err
	})
	if err != nil {
		return err
	}
	return firstErr(expectEqual("task Status", result["Status"], "SUCCESS"), expectEqual("task Output", result["Output"], "SUCCESS"))
}

// waitEni polls until the ENI leaves the transitional state, which it must be seen in first.
func (t *tencent) waitEni(eni, transitional string) (map[string]any, error) {
	return pollUntilLeaves("ENI "+eni, transitional, func() (string, map[string]any, error) {
		page, err := t.call("vpc", "DescribeNetworkInterfaces", &tcRequest{NetworkInterfaceIds: []*string{s(eni)}})
		if err == nil {
			err = firstErr(expectKeys("DescribeNetworkInterfaces", page, "RequestId", "TotalCount", "NetworkInterfaceSet"), expectEqual("TotalCount", page["TotalCount"], 1))
		}
		item, _ := field(page, "NetworkInterfaceSet", 0).(map[string]any)
		state, _ := item["State"].(string)
		return state, item, err
	})
}

func (t *tencent) expectLinks(vpcId string, instanceIds ...string) error {
	page, err := t.call("vpc", "DescribeClassicLinkInstances", &tcRequest{Filters: []*tcFilter{{Name: s("vpc-id"), Values: []*string{s(vpcId)}}}})
	if err != nil {
		return err
	}
	if err := firstErr(expectKeys("DescribeClassicLinkInstances", page, "RequestId", "TotalCount", "ClassicLinkInstanceSet"), expectEqual("TotalCount", page["TotalCount"], len(instanceIds))); err != nil {
		return err
	}
	for i, id := range instanceIds {
		if err := firstErr(
			expectEqual("ClassicLinkInstanceSet.InstanceId", field(page, "ClassicLinkInstanceSet", i, "InstanceId"), id),
			expectEqual("ClassicLinkInstanceSet.VpcId", field(page, "ClassicLinkInstanceSet", i, "VpcId"), vpcId),
		); err != nil {
			return err
		}
	}
	return nil
}

// tencentErrors: an action error and a wrong secret, each with the documented code.
func tencentErrors(o options, t *tencent) error {
	_, err := t.call("vpc", "DescribeVpcs", &tcRequest{VpcIds: []*string{s("vpc-nothere01")}})
	if err := expectTencentCode(err, "ResourceNotFound"); err != nil {
		return err
	}
	wrong, err := tencentClient(o, "not-the-secret")
	if err != nil {
		return err
	}
	bad := &tencent{client: wrong}
	_, err = bad.call("vpc", "DescribeVpcs", &tcRequest{})
	t.calls += bad.calls
	return expectTencentCode(err, "AuthFailure.SignatureFailure")
}

func expectTencentCode(err error, code string) error {
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		return fmt.Errorf("expected %s, got %v", code, err)
	}
	if sdkErr.GetCode() != code || !uuidPattern.MatchString(sdkErr.GetRequestId()) || sdkErr.GetMessage() == "" {
		return fmt.Errorf("expected %s with a RequestId and a message, got %v", code, sdkErr)
	}
	return nil
}
