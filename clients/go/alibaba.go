package main

// alibabacloud-go: the generated ECS (ecs-20140526/v7) and VPC (vpc-20160428/v6) clients over
// darabonba-openapi, in ACS3-HMAC-SHA256 (their default) or, with SignatureAlgorithm "v2", the RPC
// Signature v1 (HMAC-SHA1) path.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	vpcapi "github.com/alibabacloud-go/vpc-20160428/v6/client"
)

type alibaba struct {
	ecs   *ecs.Client
	vpc   *vpcapi.Client
	calls int
}

func alibabaClients(o options, secret string) (*alibaba, error) {
	config := &openapiutil.Config{
		AccessKeyId:     dara.String(os.Getenv("ALICLOUD_ACCESS_KEY")),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(o.endpoint),
		Protocol:        dara.String(o.scheme),
		RegionId:        dara.String(o.fixture.Alibaba.Region),
	}
	switch o.mode {
	case "RPCv1":
		config.SignatureAlgorithm = dara.String("v2")
	case "ACS3-HMAC-SM3":
		config.SignatureAlgorithm = dara.String(o.mode)
	}
	if o.ca != "" {
		pem, err := os.ReadFile(o.ca)
		if err != nil {
			return nil, err
		}
		config.Ca = dara.String(string(pem))
	}
	e, err := ecs.NewClient(config)
	if err != nil {
		return nil, err
	}
	v, err := vpcapi.NewClient(config)
	if err != nil {
		return nil, err
	}
	return &alibaba{ecs: e, vpc: v}, nil
}

// body checks the answer's status and RequestId and gives its wire-shaped map.
func (a *alibaba) body(what string, statusCode *int32, body any) (map[string]any, error) {
	m, err := asMap(body)
	if err != nil {
		return nil, err
	}
	return m, firstErr(expectEqual(what+" HTTP status", dara.Int32Value(statusCode), 200), expectRequestId(what, m["RequestId"]))
}

func runAlibaba(o options) (int, error) {
	f := o.fixture.Alibaba
	a, err := alibabaClients(o, os.Getenv("ALICLOUD_SECRET_KEY"))
	if err != nil {
		return 0, err
	}
	err = alibabaScenario(a, o)
	if err == nil {
		err = alibabaErrors(o, a, f.Region)
	}
	return a.calls, err
}

func alibabaScenario(a *alibaba, o options) error {
	f := o.fixture.Alibaba
	region := dara.String(f.Region)
	a.calls++
	vpcs, err := a.vpc.DescribeVpcs(&vpcapi.DescribeVpcsRequest{RegionId: region, VpcId: dara.String(f.VpcId)})
	if err != nil {
		return err
	}
	page, err := a.body("DescribeVpcs", vpcs.StatusCode, vpcs.Body)
	if err != nil {
		return err
	}
	vpc, _ := field(page, "Vpcs", "Vpc", 0).(map[string]any)
	if err := firstErr(
		expectKeys("DescribeVpcs", page, "RequestId", "TotalCount", "PageNumber", "PageSize", "Vpcs"),
		expectEqual("TotalCount", page["TotalCount"], 1),
		expectKeys("Vpcs.Vpc[0]", vpc, "VpcId", "RegionId", "Status", "CidrBlock", "VpcName", "IsDefault"),
		expectEqual("Vpcs.Vpc[0].VpcId", field(vpc, "VpcId"), f.VpcId),
		expectEqual("Vpcs.Vpc[0].CidrBlock", field(vpc, "CidrBlock"), f.VpcCidr),
		expectEqual("Vpcs.Vpc[0].Status", field(vpc, "Status"), "Available"),
	); err != nil {
		return err
	}
	ids, _ := json.Marshal([]string{f.ClassicInstanceId})
	a.calls++
	instances, err := a.ecs.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: region, InstanceIds: dara.String(string(ids))})
	if err != nil {
		return err
	}
	page, err = a.body("DescribeInstances", instances.StatusCode, instances.Body)
	if err != nil {
		return err
	}
	if err := firstErr(
		expectExactKeys("DescribeInstances", page, "Instances", "PageNumber", "PageSize", "RequestId", "TotalCount"),
		expectEqual("Instance.InstanceId", field(page, "Instances", "Instance", 0, "InstanceId"), f.ClassicInstanceId),
		expectEqual("Instance.Status", field(page, "Instances", "Instance", 0, "Status"), "Running"),
		expectEqual("Instance.InstanceNetworkType", field(page, "Instances", "Instance", 0, "InstanceNetworkType"), "classic"),
		expectEqual("Instance.ZoneId", field(page, "Instances", "Instance", 0, "ZoneId"), f.Zone),
	); err != nil {
		return err
	}

	// ClassicLink (synchronous on Alibaba): enable it on the VPC, attach, see it, detach, see none.
	a.calls++
	enabled, err := a.vpc.EnableVpcClassicLink(&vpcapi.EnableVpcClassicLinkRequest{RegionId: region, VpcId: dara.String(f.VpcId)})
	if err != nil {
		return err
	}
	if _, err := a.body("EnableVpcClassicLink", enabled.StatusCode, enabled.Body); err != nil {
		return err
	}
	a.calls++
	attached, err := a.ecs.AttachClassicLinkVpc(&ecs.AttachClassicLinkVpcRequest{RegionId: region, InstanceId: dara.String(f.ClassicInstanceId), VpcId: dara.String(f.VpcId)})
	if err != nil {
		return err
	}
	if page, err = a.body("AttachClassicLinkVpc", attached.StatusCode, attached.Body); err != nil {
		return err
	}
	if err := firstErr(expectExactKeys("AttachClassicLinkVpc", page, "RequestId"), a.expectLinks(o, f.ClassicInstanceId)); err != nil {
		return err
	}
	a.calls++
	detached, err := a.ecs.DetachClassicLinkVpc(&ecs.DetachClassicLinkVpcRequest{RegionId: region, InstanceId: dara.String(f.ClassicInstanceId), VpcId: dara.String(f.VpcId)})
	if err != nil {
		return err
	}
	if _, err := a.body("DetachClassicLinkVpc", detached.StatusCode, detached.Body); err != nil {
		return err
	}
	if err := a.expectLinks(o); err != nil {
		return err
	}

	// ENI: attach, poll the ENI until InUse (Attaching seen first), detach, poll until Available.
	a.calls++
	eniAttached, err := a.ecs.AttachNetworkInterface(&ecs.AttachNetworkInterfaceRequest{RegionId: region, NetworkInterfaceId: dara.String(f.EniId), InstanceId: dara.String(f.VpcInstanceId)})
	if err != nil {
		return err
	}
	if page, err = a.body("AttachNetworkInterface", eniAttached.StatusCode, eniAttached.Body); err != nil {
		return err
	}
	if err := expectExactKeys("AttachNetworkInterface", page, "RequestId"); err != nil {
		return err
	}
	eni, err := a.waitEni(f.Region, f.EniId, "Attaching")
	if err != nil {
		return err
	}
	if err := firstErr(
		expectKeys("NetworkInterfaceSet", eni, "NetworkInterfaceId", "Status", "Type", "VpcId", "VSwitchId", "ZoneId", "InstanceId", "MacAddress", "PrivateIpAddress", "Attachment"),
		expectEqual("Status", eni["Status"], "InUse"),
		expectEqual("Type", eni["Type"], "Secondary"),
		expectEqual("InstanceId", eni["InstanceId"], f.VpcInstanceId),
		expectEqual("Attachment.DeviceIndex", field(eni, "Attachment", "DeviceIndex"), 1),
		expectEqual("Attachment.InstanceId", field(eni, "Attachment", "InstanceId"), f.VpcInstanceId),
	); err != nil {
		return err
	}
	a.calls++
	eniDetached, err := a.ecs.DetachNetworkInterface(&ecs.DetachNetworkInterfaceRequest{RegionId: region, NetworkInterfaceId: dara.String(f.EniId), InstanceId: dara.String(f.VpcInstanceId)})
	if err != nil {
		return err
	}
	if _, err := a.body("DetachNetworkInterface", eniDetached.StatusCode, eniDetached.Body); err != nil {
		return err
	}
	eni, err = a.waitEni(f.Region, f.EniId, "Detaching")
	if err != nil {
		return err
	}
	return firstErr(expectEqual("Status", eni["Status"], "Available"), expectEqual("InstanceId", eni["InstanceId"], ""))
}

func (a *alibaba) expectLinks(o options, instanceIds ...string) error {
	f := o.fixture.Alibaba
	a.calls++
	links, err := a.ecs.DescribeClassicLinkInstances(&ecs.DescribeClassicLinkInstancesRequest{RegionId: dara.String(f.Region), VpcId: dara.String(f.VpcId), PageSize: dara.String("100")})
	if err != nil {
		return err
	}
	page, err := a.body("DescribeClassicLinkInstances", links.StatusCode, links.Body)
	if err != nil {
		return err
	}
	if err := firstErr(expectKeys("DescribeClassicLinkInstances", page, "RequestId", "TotalCount", "PageNumber", "PageSize", "Links"), expectEqual("TotalCount", page["TotalCount"], len(instanceIds))); err != nil {
		return err
	}
	for i, id := range instanceIds {
		if err := firstErr(
			expectEqual("Links.Link.InstanceId", field(page, "Links", "Link", i, "InstanceId"), id),
			expectEqual("Links.Link.VpcId", field(page, "Links", "Link", i, "VpcId"), f.VpcId),
		); err != nil {
			return err
		}
	}
	return nil
}

func (a *alibaba) waitEni(region, eniId, transitional string) (map[string]any, error) {
	return pollUntilLeaves("ENI "+eniId, transitional, func() (string, map[string]any, error) {
		a.calls++
		answer, err := a.ecs.DescribeNetworkInterfaces(&ecs.DescribeNetworkInterfacesRequest{RegionId: dara.String(region), NetworkInterfaceId: []*string{dara.String(eniId)}})
		if err != nil {
			return "", nil, err
		}
		page, err := a.body("DescribeNetworkInterfaces", answer.StatusCode, answer.Body)
		if err == nil {
			err = firstErr(expectKeys("DescribeNetworkInterfaces", page, "RequestId", "TotalCount", "NetworkInterfaceSets"), expectEqual("TotalCount", page["TotalCount"], 1))
		}
		eni, _ := field(page, "NetworkInterfaceSets", "NetworkInterfaceSet", 0).(map[string]any)
		status, _ := eni["Status"].(string)
		return status, eni, err
	})
}

// alibabaErrors: an action error and a wrong secret, each with the documented code and status.
func alibabaErrors(o options, a *alibaba, region string) error {
	a.calls++
	_, err := a.ecs.DetachClassicLinkVpc(&ecs.DetachClassicLinkVpcRequest{RegionId: dara.String(region), InstanceId: dara.String(o.fixture.Alibaba.ClassicInstanceId), VpcId: dara.String(o.fixture.Alibaba.VpcId)})
	if err := expectAlibabaError(err, "InvalidParameter.InvalidInstanceIdAndVpcId", 403, ""); err != nil {
		return err
	}
	wrong, err := alibabaClients(o, "not-the-secret")
	if err != nil {
		return err
	}
	a.calls++
	_, err = wrong.vpc.DescribeVpcs(&vpcapi.DescribeVpcsRequest{RegionId: dara.String(region)})
	return expectAlibabaError(err, "SignatureDoesNotMatch", 400, "server string to sign is:")
}

func expectAlibabaError(err error, code string, status int, messageHas string) error {
	var sdkErr *tea.SDKError
	if !errors.As(err, &sdkErr) {
		return fmt.Errorf("expected %s, got %v", code, err)
	}
	var data map[string]any
	_ = json.Unmarshal([]byte(dara.StringValue(sdkErr.Data)), &data)
	if dara.StringValue(sdkErr.Code) != code || dara.IntValue(sdkErr.StatusCode) != status {
		return fmt.Errorf("expected %s %d, got %s %d", code, status, dara.StringValue(sdkErr.Code), dara.IntValue(sdkErr.StatusCode))
	}
	if err := firstErr(expectKeys("error body", data, "Code", "Message", "RequestId", "HostId", "Recommend"), expectRequestId("error body", data["RequestId"])); err != nil {
		return err
	}
	if message, _ := data["Message"].(string); !strings.Contains(message, messageHas) {
		return fmt.Errorf("%s: message %q does not contain %q", code, message, messageHas)
	}
	return nil
}
