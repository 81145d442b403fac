"""One client scenario against the netattach emulator, run by clients/run.js.

    python scenario.py --scenario ../scenario.json --client tencentcloud-sdk-python --mode TC3-POST --endpoint 127.0.0.1:PORT [--scheme https --ca cert.pem]

Credentials come from the environment lines the emulator prints (TENCENTCLOUD_SECRET_ID ...,
ALICLOUD_ACCESS_KEY ...). Prints one JSON line: {"ok": true, "calls": N} or {"ok": false, "error": ...}.
"""

import argparse
import json
import os
import re
import sys
import traceback

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Failed(Exception):
    pass


def expect_keys(what, obj, *keys):
    missing = [k for k in keys if not isinstance(obj, dict) or k not in obj]
    if missing:
        raise Failed(f"{what}: no field {missing} (has {sorted(obj) if isinstance(obj, dict) else obj!r})")


def expect_exact_keys(what, obj, *keys):
    if sorted(obj) != sorted(keys):
        raise Failed(f"{what}: fields {sorted(obj)}, expected {sorted(keys)}")


def expect_equal(what, got, want):
    if got != want or type(got) is not type(want):
        raise Failed(f"{what}: {got!r}, expected {want!r}")


def expect_request_id(what, value):
    if not isinstance(value, str) or not UUID.match(value):
        raise Failed(f"{what}: RequestId {value!r} is not a UUID")


def poll(what, read, transitional, limit=20):
    """Calls read() until its status leaves `transitional`, which must be seen first."""
    seen = []
    for _ in range(limit):
        status, item = read()
        seen.append(status)
        if status != transitional:
            if seen[0] != transitional:
                raise Failed(f"{what}: statuses {seen}, expected {transitional} first")
            return item
    raise Failed(f"{what}: still {seen} after {limit} polls")


# --- Tencent Cloud: tencentcloud-sdk-python (TC3 or v1, GET or POST), and tccli ---------------------

class TencentError(Exception):
    def __init__(self, code, message, request_id):
        super().__init__(f"{code}: {message} (RequestId {request_id})")
        self.code, self.message, self.request_id = code, message, request_id


def tencent_sdk(args, fx):
    """call(service, action, params, secret_key=None) through tencentcloud-sdk-python's typed clients."""
    from tencentcloud.common import credential
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.cvm.v20170312 import cvm_client, models as cvm_models
    from tencentcloud.vpc.v20170312 import vpc_client, models as vpc_models

    # mode: <TC3|HmacSHA1|HmacSHA256>-<GET|POST>[-UNSIGNED] (UNSIGNED: TC3 with unsignedPayload)
    sign, method, *unsigned = args.mode.split("-")

    def clients(secret_key):
        http = HttpProfile(endpoint=args.endpoint, protocol=args.scheme, reqMethod=method)
        if args.ca:
            http.certification = args.ca
        profile = ClientProfile(signMethod="TC3-HMAC-SHA256" if sign == "TC3" else sign, httpProfile=http)
        profile.unsignedPayload = unsigned == ["UNSIGNED"]
        cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], secret_key)
        return {"vpc": (vpc_client.VpcClient(cred, fx["region"], profile), vpc_models),
                "cvm": (cvm_client.CvmClient(cred, fx["region"], profile), cvm_models)}

    services = clients(os.environ["TENCENTCLOUD_SECRET_KEY"])

    def call(service, action, params, secret_key=None):
        client, models = (clients(secret_key) if secret_key else services)[service]
        request = getattr(models, action + "Request")()
        request.from_json_string(json.dumps(params))
        try:
            return json.loads(getattr(client, action)(request).to_json_string())
        except TencentCloudSDKException as e:
            raise TencentError(e.get_code(), e.get_message(), e.get_request_id())

    return call


TCCLI_ERROR = re.compile(r"\[TencentCloudSDKException\] code:(\S+) message:(.*?) requestId:(\S*)", re.S)


def tccli(args, fx):
    """call(service, action, params, secret_key=None) through the tccli command (https only)."""
    import subprocess

    def call(service, action, params, secret_key=None):
        argv = [args.tccli, service, action, "--endpoint", args.endpoint, "--region", fx["region"]]
        for name, value in params.items():
            argv += ["--" + name, value if isinstance(value, str) else json.dumps(value)]
        env = dict(os.environ)
        if secret_key:
            env["TENCENTCLOUD_SECRET_KEY"] = secret_key
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        if done.returncode == 0:
            return json.loads(done.stdout)
        found = TCCLI_ERROR.search(done.stdout + done.stderr)
        if found:
            raise TencentError(found.group(1), found.group(2).strip(), found.group(3))
        raise Failed(f"tccli {service} {action} exited {done.returncode}: {(done.stdout + done.stderr)[-1500:]}")

    return call


def tencent(args, fx, transport):
    calls = [0]

    def call(service, action, params):
        calls[0] += 1
        answer = transport(service, action, params)
        expect_request_id(action, answer.get("RequestId"))
        return answer

    page = call("vpc", "DescribeVpcs", {"VpcIds": [fx["vpcId"]]})
    expect_keys("DescribeVpcs", page, "RequestId", "TotalCount", "VpcSet")
    expect_equal("TotalCount", page["TotalCount"], 1)
    expect_keys("VpcSet[0]", page["VpcSet"][0], "VpcId", "VpcName", "CidrBlock", "IsDefault", "CreatedTime")
    expect_equal("VpcSet[0].VpcId", page["VpcSet"][0]["VpcId"], fx["vpcId"])
    expect_equal("VpcSet[0].CidrBlock", page["VpcSet"][0]["CidrBlock"], fx["vpcCidr"])
    page = call("cvm", "DescribeInstances", {"InstanceIds": [fx["basicInstanceId"]]})
    expect_keys("DescribeInstances", page, "RequestId", "TotalCount", "InstanceSet")
    instance = page["InstanceSet"][0]
    expect_equal("InstanceId", instance["InstanceId"], fx["basicInstanceId"])
    expect_equal("InstanceState", instance["InstanceState"], "RUNNING")
    expect_equal("VirtualPrivateCloud.VpcId", instance["VirtualPrivateCloud"]["VpcId"], "")

    def wait_task(task_id):
        def read():
            result = call("vpc", "DescribeVpcTaskResult", {"TaskId": task_id})
            expect_keys("DescribeVpcTaskResult", result, "Status", "Output", "RequestId")
            return result["Status"], result

        result = poll(f"task {task_id}", read, "RUNNING")
        expect_equal("task Status", result["Status"], "SUCCESS")
        expect_equal("task Output", result["Output"], "SUCCESS")

    def expect_links(*instance_ids):
        page = call("vpc", "DescribeClassicLinkInstances", {"Filters": [{"Name": "vpc-id", "Values": [fx["vpcId"]]}]})
        expect_keys("DescribeClassicLinkInstances", page, "RequestId", "TotalCount")
        expect_equal("TotalCount", page["TotalCount"], len(instance_ids))
        links = page.get("ClassicLinkInstanceSet", [])
        expect_equal("links", [(l["InstanceId"], l["VpcId"]) for l in links], [(i, fx["vpcId"]) for i in instance_ids])

    link = {"VpcId": fx["vpcId"], "InstanceIds": [fx["basicInstanceId"]]}
    answer = call("vpc", "AttachClassicLinkVpc", link)
    expect_exact_keys("AttachClassicLinkVpc", answer, "RequestId")
    wait_task(answer["RequestId"])
    expect_links(fx["basicInstanceId"])
    answer = call("vpc", "DetachClassicLinkVpc", link)
    wait_task(answer["RequestId"])
    expect_links()

    def eni_state(transitional):
        def read():
            page = call("vpc", "DescribeNetworkInterfaces", {"NetworkInterfaceIds": [fx["eniId"]]})
            expect_keys("DescribeNetworkInterfaces", page, "RequestId", "TotalCount", "NetworkInterfaceSet")
            expect_equal("TotalCount", page["TotalCount"], 1)
            eni = page["NetworkInterfaceSet"][0]
            return eni["State"], eni

        return poll(f"ENI {fx['eniId']}", read, transitional)

    eni_call = {"NetworkInterfaceId": fx["eniId"], "InstanceId": fx["vpcInstanceId"]}
    call("vpc", "AttachNetworkInterface", eni_call)
    eni = eni_state("ATTACHING")
    expect_keys("NetworkInterfaceSet[0]", eni, "NetworkInterfaceId", "VpcId", "SubnetId", "State", "Primary", "MacAddress", "PrivateIpAddressSet", "Attachment", "Zone", "CreatedTime")
    expect_equal("State", eni["State"], "AVAILABLE")
    expect_equal("Primary", eni["Primary"], False)
    expect_keys("Attachment", eni["Attachment"], "InstanceId", "DeviceIndex", "InstanceAccountId", "AttachTime")
    expect_equal("Attachment.InstanceId", eni["Attachment"]["InstanceId"], fx["vpcInstanceId"])
    expect_equal("Attachment.DeviceIndex", eni["Attachment"]["DeviceIndex"], 1)
    call("vpc", "DetachNetworkInterface", eni_call)
    eni = eni_state("DETACHING")
    expect_equal("State", eni["State"], "AVAILABLE")
    expect_equal("Attachment", eni.get("Attachment"), None)

    def expect_code(code, params, secret_key=None):
        calls[0] += 1
        try:
            transport("vpc", "DescribeVpcs", params, secret_key)
        except TencentError as e:
            if e.code != code or not UUID.match(e.request_id or "") or not e.message:
                raise Failed(f"expected {code} with a RequestId and a message, got {e}")
            return
        raise Failed(f"DescribeVpcs: expected {code}, it succeeded")

    expect_code("ResourceNotFound", {"VpcIds": ["vpc-nothere01"]})
    expect_code("AuthFailure.SignatureFailure", {}, "not-the-secret")
    return calls[0]


# --- Alibaba Cloud: aliyun-python-sdk-core (RPC v1, GET or POST) ----------------------------------

def aliyun_core(args, fx):
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.http import protocol_type
    from aliyunsdkecs.request.v20140526 import (AttachClassicLinkVpcRequest, AttachNetworkInterfaceRequest,
        DescribeClassicLinkInstancesRequest, DescribeInstancesRequest, DescribeNetworkInterfacesRequest,
        DetachClassicLinkVpcRequest, DetachNetworkInterfaceRequest)
    from aliyunsdkvpc.request.v20160428 import DescribeVpcsRequest, EnableVpcClassicLinkRequest

    method = args.mode.split("-")[-1]
    calls = [0]

    def client(secret):
        return AcsClient(os.environ["ALICLOUD_ACCESS_KEY"], secret, fx["region"], verify=args.ca or None)

    acs = client(os.environ["ALICLOUD_SECRET_KEY"])

    def call(module, setters, via=None):
        request = getattr(module, module.__name__.rsplit(".", 1)[-1])()
        request.set_endpoint(args.endpoint)
        # aliyun-python-sdk-core compares the protocol with `is`: the constant itself, not a string.
        request.set_protocol_type(protocol_type.HTTPS if args.scheme == "https" else protocol_type.HTTP)
        request.set_method(method)
        for name, value in setters.items():
            getattr(request, "set_" + name)(value)
        calls[0] += 1
        answer = json.loads((via or acs).do_action_with_exception(request))
        expect_request_id(type(request).__name__, answer.get("RequestId"))
        return answer

    # A SignatureDoesNotMatch whose "server string to sign is:<…>" equals the string this SDK signed
    # is reported as InvalidAccessKeySecret (client.py): proof the emulator signed the same string.
    alibaba_scenario(fx, {
        "DescribeVpcs": lambda p: call(DescribeVpcsRequest, {"VpcId": p["VpcId"]}),
        "DescribeInstances": lambda p: call(DescribeInstancesRequest, {"InstanceIds": p["InstanceIds"]}),
        "EnableVpcClassicLink": lambda p: call(EnableVpcClassicLinkRequest, {"VpcId": p["VpcId"]}),
        "AttachClassicLinkVpc": lambda p: call(AttachClassicLinkVpcRequest, {"InstanceId": p["InstanceId"], "VpcId": p["VpcId"]}),
        "DetachClassicLinkVpc": lambda p: call(DetachClassicLinkVpcRequest, {"InstanceId": p["InstanceId"], "VpcId": p["VpcId"]}),
        "DescribeClassicLinkInstances": lambda p: call(DescribeClassicLinkInstancesRequest, {"VpcId": p["VpcId"], "PageSize": p["PageSize"]}),
        "AttachNetworkInterface": lambda p: call(AttachNetworkInterfaceRequest, {"NetworkInterfaceId": p["NetworkInterfaceId"], "InstanceId": p["InstanceId"]}),
        "DetachNetworkInterface": lambda p: call(DetachNetworkInterfaceRequest, {"NetworkInterfaceId": p["NetworkInterfaceId"], "InstanceId": p["InstanceId"]}),
        "DescribeNetworkInterfaces": lambda p: call(DescribeNetworkInterfacesRequest, {"NetworkInterfaceIds": p["NetworkInterfaceIds"]}),
        "WrongSecret": lambda p: call(DescribeVpcsRequest, {}, via=client("not-the-secret")),
    }, lambda e: (e.get_error_code(), e.get_http_status(), e.get_error_msg(), e.get_request_id()) if isinstance(e, ServerException) else None,
        wrong_secret=("InvalidAccessKeySecret", "The AccessKeySecret is incorrect."))
    return calls[0]


# --- Alibaba Cloud: alibabacloud_ecs20140526 / alibabacloud_vpc20160428 (Tea; ACS3 or RPC v1) ------

def alibaba_tea(args, fx):
    from alibabacloud_ecs20140526 import models as ecs_models
    from alibabacloud_ecs20140526.client import Client as Ecs
    from alibabacloud_tea_openapi.models import Config
    from alibabacloud_vpc20160428 import models as vpc_models
    from alibabacloud_vpc20160428.client import Client as Vpc

    calls = [0]

    def clients(secret):
        config = Config(access_key_id=os.environ["ALICLOUD_ACCESS_KEY"], access_key_secret=secret, endpoint=args.endpoint,
                        protocol=args.scheme, region_id=fx["region"], signature_algorithm={"RPCv1": "v2", "ACS3-HMAC-SM3": "ACS3-HMAC-SM3"}.get(args.mode))
        if args.ca:
            config.ca = args.ca  # a path here (Go's and Node's Tea SDKs take the PEM text)
        return Ecs(config), Vpc(config)

    ecs, vpc = clients(os.environ["ALICLOUD_SECRET_KEY"])

    def call(client, models, action, params):
        request = getattr(models, action + "Request")().from_map({"RegionId": fx["region"], **params})
        calls[0] += 1
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
        answer = getattr(client, snake)(request)
        expect_equal(action + " HTTP status", answer.status_code, 200)
        body = answer.body.to_map()
        expect_request_id(action, body.get("RequestId"))
        return body

    def error_fields(e):
        data = getattr(e, "data", None)
        if not isinstance(data, dict) or "Code" not in data:
            return None
        status = getattr(e, "status_code", None) or getattr(e, "statusCode", None) or data.get("statusCode")
        return getattr(e, "code", None), status, data.get("Message"), data.get("RequestId"), data

    alibaba_scenario(fx, {
        "DescribeVpcs": lambda p: call(vpc, vpc_models, "DescribeVpcs", p),
        "DescribeInstances": lambda p: call(ecs, ecs_models, "DescribeInstances", p),
        "EnableVpcClassicLink": lambda p: call(vpc, vpc_models, "EnableVpcClassicLink", p),
        "AttachClassicLinkVpc": lambda p: call(ecs, ecs_models, "AttachClassicLinkVpc", p),
        "DetachClassicLinkVpc": lambda p: call(ecs, ecs_models, "DetachClassicLinkVpc", p),
        "DescribeClassicLinkInstances": lambda p: call(ecs, ecs_models, "DescribeClassicLinkInstances", p),
        "AttachNetworkInterface": lambda p: call(ecs, ecs_models, "AttachNetworkInterface", p),
        "DetachNetworkInterface": lambda p: call(ecs, ecs_models, "DetachNetworkInterface", p),
        "DescribeNetworkInterfaces": lambda p: call(ecs, ecs_models, "DescribeNetworkInterfaces", {"NetworkInterfaceId": p["NetworkInterfaceIds"]}),
        "WrongSecret": lambda p: call(clients("not-the-secret")[1], vpc_models, "DescribeVpcs", {}),
    }, error_fields)
    return calls[0]


def alibaba_scenario(fx, api, error_fields, wrong_secret=("SignatureDoesNotMatch", "server string to sign is:")):
    """The Alibaba scenario over any client: `api` maps an action to a function of its parameters.
    `wrong_secret`: the code and message part a wrong secret must give through this client."""
    page = api["DescribeVpcs"]({"VpcId": fx["vpcId"]})
    expect_keys("DescribeVpcs", page, "RequestId", "TotalCount", "PageNumber", "PageSize", "Vpcs")
    expect_equal("TotalCount", page["TotalCount"], 1)
    vpc = page["Vpcs"]["Vpc"][0]
    expect_keys("Vpcs.Vpc[0]", vpc, "VpcId", "RegionId", "Status", "CidrBlock", "VpcName", "IsDefault")
    expect_equal("VpcId", vpc["VpcId"], fx["vpcId"])
    expect_equal("CidrBlock", vpc["CidrBlock"], fx["vpcCidr"])
    expect_equal("Status", vpc["Status"], "Available")
    page = api["DescribeInstances"]({"InstanceIds": json.dumps([fx["classicInstanceId"]])})
    expect_exact_keys("DescribeInstances", page, "Instances", "PageNumber", "PageSize", "RequestId", "TotalCount")
    instance = page["Instances"]["Instance"][0]
    expect_equal("InstanceId", instance["InstanceId"], fx["classicInstanceId"])
    expect_equal("Status", instance["Status"], "Running")
    expect_equal("InstanceNetworkType", instance["InstanceNetworkType"], "classic")
    expect_equal("ZoneId", instance["ZoneId"], fx["zone"])

    def expect_links(*instance_ids):
        page = api["DescribeClassicLinkInstances"]({"VpcId": fx["vpcId"], "PageSize": "100"})
        expect_keys("DescribeClassicLinkInstances", page, "RequestId", "TotalCount", "PageNumber", "PageSize", "Links")
        expect_equal("TotalCount", page["TotalCount"], len(instance_ids))
        expect_equal("links", [(l["InstanceId"], l["VpcId"]) for l in page["Links"].get("Link", [])], [(i, fx["vpcId"]) for i in instance_ids])

    api["EnableVpcClassicLink"]({"VpcId": fx["vpcId"]})
    link = {"InstanceId": fx["classicInstanceId"], "VpcId": fx["vpcId"]}
    expect_exact_keys("AttachClassicLinkVpc", api["AttachClassicLinkVpc"](link), "RequestId")
    expect_links(fx["classicInstanceId"])
    api["DetachClassicLinkVpc"](link)
    expect_links()

    def eni_status(transitional):
        def read():
            page = api["DescribeNetworkInterfaces"]({"NetworkInterfaceIds": [fx["eniId"]]})
            expect_keys("DescribeNetworkInterfaces", page, "RequestId", "TotalCount", "NetworkInterfaceSets")
            expect_equal("TotalCount", page["TotalCount"], 1)
            eni = page["NetworkInterfaceSets"]["NetworkInterfaceSet"][0]
            return eni["Status"], eni

        return poll(f"ENI {fx['eniId']}", read, transitional)

    eni_call = {"NetworkInterfaceId": fx["eniId"], "InstanceId": fx["vpcInstanceId"]}
    expect_exact_keys("AttachNetworkInterface", api["AttachNetworkInterface"](eni_call), "RequestId")
    eni = eni_status("Attaching")
    expect_keys("NetworkInterfaceSet", eni, "NetworkInterfaceId", "Status", "Type", "VpcId", "VSwitchId", "ZoneId", "InstanceId", "MacAddress", "PrivateIpAddress", "Attachment")
    expect_equal("Status", eni["Status"], "InUse")
    expect_equal("Type", eni["Type"], "Secondary")
    expect_equal("InstanceId", eni["InstanceId"], fx["vpcInstanceId"])
    expect_equal("Attachment.DeviceIndex", eni["Attachment"]["DeviceIndex"], 1)
    api["DetachNetworkInterface"](eni_call)
    eni = eni_status("Detaching")
    expect_equal("Status", eni["Status"], "Available")

    def expect_error(code, status, message_has, action, params):
        try:
            api[action](params)
        except Exception as e:  # each SDK has its own exception type; error_fields reads it
            fields = error_fields(e)
            if fields is None:
                raise Failed(f"{action}: expected {code}, got {type(e).__name__}: {e}")
            got_code, got_status, message, request_id = fields[:4]
            if (got_code, got_status) != (code, status) or message_has not in (message or "") or not UUID.match(request_id or ""):
                raise Failed(f"{action}: expected {code} {status} with {message_has!r} and a RequestId, got {fields}")
            if len(fields) > 4:
                expect_keys("error body", fields[4], "Code", "Message", "RequestId", "HostId", "Recommend")
            return
        raise Failed(f"{action}: expected {code}, it succeeded")

    expect_error("InvalidParameter.InvalidInstanceIdAndVpcId", 403, "", "DetachClassicLinkVpc", link)
    expect_error(wrong_secret[0], 400, wrong_secret[1], "WrongSecret", {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default=os.path.join(os.path.dirname(__file__), "..", "scenario.json"))
    parser.add_argument("--client", required=True)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--scheme", default="http")
    parser.add_argument("--ca")
    parser.add_argument("--tccli", help="the tccli command (client tccli)")
    args = parser.parse_args()
    with open(args.scenario) as f:
        scenario = json.load(f)
    try:
        if args.client == "tencentcloud-sdk-python":
            calls = tencent(args, scenario["tencentcloud"], tencent_sdk(args, scenario["tencentcloud"]))
        elif args.client == "tccli":
            calls = tencent(args, scenario["tencentcloud"], tccli(args, scenario["tencentcloud"]))
        elif args.client == "aliyun-python-sdk-core":
            calls = aliyun_core(args, scenario["alicloud"])
        elif args.client == "alibabacloud-tea-python":
            calls = alibaba_tea(args, scenario["alicloud"])
        else:
            raise Failed(f"unknown client {args.client}")
    except Exception as e:  # report any failure, an SDK crash included, as this client's result
        detail = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}"
        print(json.dumps({"ok": False, "error": detail}))
        sys.exit(1)
    print(json.dumps({"ok": True, "calls": calls}))


if __name__ == "__main__":
    main()
